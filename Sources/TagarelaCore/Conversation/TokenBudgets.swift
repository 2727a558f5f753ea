import Foundation

/// Cost guards: how much one contact may use a day and the whole installation a month, in tokens and in US
/// dollars (what `LLM_PRICES` prices, voice heard and spoken included). Days and months start at midnight in
/// `timeZone` (the business's, not the server's).
public struct TokenBudgets: Sendable, Equatable {
    /// 0 turns the daily contact budget in tokens off.
    public var contactDailyTokens: Int
    /// 0 turns the monthly budget in tokens off.
    public var monthlyTokens: Int
    /// 0 turns the daily contact budget in dollars off.
    public var contactDailyDollars: Double
    /// 0 turns the monthly budget in dollars off.
    public var monthlyDollars: Double
    public var timeZone: TimeZone

    public init(
        contactDailyTokens: Int = 0, monthlyTokens: Int = 0, contactDailyDollars: Double = 0,
        monthlyDollars: Double = 0, timeZone: TimeZone = .gmt
    ) {
        self.contactDailyTokens = contactDailyTokens
        self.monthlyTokens = monthlyTokens
        self.contactDailyDollars = contactDailyDollars
        self.monthlyDollars = monthlyDollars
        self.timeZone = timeZone
    }

    /// Whether any monthly or daily budget is set.
    var monthlyIsSet: Bool { monthlyTokens > 0 || monthlyDollars > 0 }
    var dailyIsSet: Bool { contactDailyTokens > 0 || contactDailyDollars > 0 }

    /// What exceeds a budget, said for the operator ("1200 tokens", "$0.51"); nil when within both.
    static func exceeded(_ spent: Spending, tokens: Int, dollars: Double) -> String? {
        if tokens > 0, spent.tokens >= tokens { return "\(spent.tokens) tokens" }
        if dollars > 0, spent.dollars >= dollars { return String(format: "$%.4f", spent.dollars) }
        return nil
    }

    public static let off = TokenBudgets()

    private var calendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar
    }

    /// Midnight of `date`'s day.
    public func dayStart(of date: Date) -> Date { calendar.startOfDay(for: date) }

    /// Midnight of the day after `date`'s.
    public func nextDayStart(after date: Date) -> Date {
        calendar.date(byAdding: .day, value: 1, to: dayStart(of: date)) ?? date.addingTimeInterval(86_400)
    }

    /// Midnight of the first day of `date`'s month.
    public func monthStart(of date: Date) -> Date {
        calendar.dateInterval(of: .month, for: date)?.start ?? dayStart(of: date)
    }
}
