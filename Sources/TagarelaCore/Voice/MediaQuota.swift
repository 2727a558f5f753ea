import Foundation

/// How many media files, and how many bytes of them, one contact may send a day (`MEDIA_DAILY_LIMIT`,
/// `MEDIA_DAILY_MB`): past it, media are refused politely and neither stored nor transcribed. Days start at
/// midnight in the budgets' time zone.
public struct MediaQuota: Sendable, Equatable {
    /// 0 turns the count off.
    public var dailyCount: Int
    /// 0 turns the bytes off.
    public var dailyBytes: Int
    public var timeZone: TimeZone

    public init(dailyCount: Int, dailyBytes: Int, timeZone: TimeZone = .gmt) {
        self.dailyCount = dailyCount
        self.dailyBytes = dailyBytes
        self.timeZone = timeZone
    }

    public static let off = MediaQuota(dailyCount: 0, dailyBytes: 0)

    public var isOff: Bool { dailyCount == 0 && dailyBytes == 0 }

    /// Midnight of `date`'s day, where the quota's days start.
    public func dayStart(of date: Date) -> Date { TokenBudgets(timeZone: timeZone).dayStart(of: date) }
}
