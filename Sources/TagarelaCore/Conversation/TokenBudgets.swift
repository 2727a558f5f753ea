import Foundation

/// Cost guards: how many tokens one contact may use a day and the whole installation a month. Days and months
/// start at midnight in `timeZone` (the business's, not the server's).
public struct TokenBudgets: Sendable, Equatable {
    /// 0 turns the daily contact budget off.
    public var contactDailyTokens: Int
    /// 0 turns the monthly budget off.
    public var monthlyTokens: Int
    public var timeZone: TimeZone

    public init(contactDailyTokens: Int = 0, monthlyTokens: Int = 0, timeZone: TimeZone = .gmt) {
        self.contactDailyTokens = contactDailyTokens
        self.monthlyTokens = monthlyTokens
        self.timeZone = timeZone
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
