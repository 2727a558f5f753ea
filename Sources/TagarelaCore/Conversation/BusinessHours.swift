import Foundation

/// When people are on duty (`BUSINESS_HOURS`, e.g. `mon-fri 09:00-18:00; sat 09:00-13:00`), in one time zone.
/// Outside them the bot either tells the contact when a person is back and stays quiet (`notice`), or answers
/// alone (`bot`), knowing when the team returns.
public struct BusinessHours: Sendable, Equatable {
    /// What happens outside the hours (`OUTSIDE_HOURS`).
    public enum Outside: String, Sendable, Equatable, CaseIterable {
        /// One notice per closed spell saying when a person is back; no model call.
        case notice
        /// The bot answers as usual, told that the team is away.
        case bot
    }

    /// Open on `weekday` (1 Sunday … 7 Saturday, as `Calendar` counts) from `start` to `end` minutes after
    /// midnight.
    public struct Window: Sendable, Equatable {
        public var weekday: Int
        public var start: Int
        public var end: Int
    }

    public var windows: [Window]
    public var timeZone: TimeZone
    public var outside: Outside

    public func isOpen(at date: Date) -> Bool {
        let (weekday, minute) = position(of: date)
        return windows.contains { $0.weekday == weekday && $0.start <= minute && minute < $0.end }
    }

    /// The next moment a window opens after `date` (within a week); nil if none ever does.
    public func nextOpening(after date: Date) -> Date? {
        moments(around: date, edge: \.start).filter { $0 > date }.min()
    }

    /// The last moment a window closed at or before `date` (within a week): when this closed spell began.
    public func lastClosing(before date: Date) -> Date? {
        moments(around: date, edge: \.end).filter { $0 <= date }.max()
    }

    /// Every window's `edge` moment from a week before `date` to a week after.
    private func moments(around date: Date, edge: KeyPath<Window, Int>) -> [Date] {
        let calendar = self.calendar
        let midnight = calendar.startOfDay(for: date)
        var moments: [Date] = []
        for offset in -7...7 {
            guard let day = calendar.date(byAdding: .day, value: offset, to: midnight) else { continue }
            let weekday = calendar.component(.weekday, from: day)
            for window in windows where window.weekday == weekday {
                let minutes = window[keyPath: edge]
                if let moment = calendar.date(byAdding: .minute, value: minutes, to: day) { moments.append(moment) }
            }
        }
        return moments
    }

    private var calendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar
    }

    private func position(of date: Date) -> (weekday: Int, minute: Int) {
        let parts = calendar.dateComponents([.weekday, .hour, .minute], from: date)
        return (parts.weekday ?? 1, (parts.hour ?? 0) * 60 + (parts.minute ?? 0))
    }
}

extension BusinessHours {
    /// Reads `mon-fri 09:00-18:00; sat 09:00-13:00`: entries split by `;`, each days (a name, a range `mon-fri`,
    /// or a list `mon,wed`; English or Portuguese: `seg-sex`) and one or more `HH:MM-HH:MM` spans split by `,`.
    /// A span past midnight (`22:00-02:00`) goes on into the next day. Throws a sentence naming the problem.
    public static func parse(_ text: String, timeZone: TimeZone, outside: Outside) throws(BusinessHoursError)
        -> BusinessHours
    {
        var windows: [Window] = []
        for entry in text.split(separator: ";").map({ $0.trimmingCharacters(in: .whitespaces) }) where !entry.isEmpty {
            let parts = entry.split(separator: " ", maxSplits: 1).map(String.init)
            guard parts.count == 2 else {
                throw BusinessHoursError("“\(entry)” needs days and hours, e.g. mon-fri 09:00-18:00")
            }
            let days = try weekdays(parts[0])
            for span in parts[1].split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) {
                let times = span.split(separator: "-").map(String.init)
                guard times.count == 2, let start = minutes(times[0]), let end = minutes(times[1]), start != end
                else { throw BusinessHoursError("“\(span)” is not a span like 09:00-18:00") }
                for day in days {
                    if start < end {
                        windows.append(Window(weekday: day, start: start, end: end))
                    } else {
                        windows.append(Window(weekday: day, start: start, end: 24 * 60))
                        windows.append(Window(weekday: day % 7 + 1, start: 0, end: end))
                    }
                }
            }
        }
        guard !windows.isEmpty else { throw BusinessHoursError("no opening hours were given") }
        return BusinessHours(windows: windows, timeZone: timeZone, outside: outside)
    }

    static let dayNames: [String: Int] = [
        "sun": 1, "mon": 2, "tue": 3, "wed": 4, "thu": 5, "fri": 6, "sat": 7,
        "dom": 1, "seg": 2, "ter": 3, "qua": 4, "qui": 5, "sex": 6, "sab": 7, "sáb": 7,
    ]

    private static func weekdays(_ text: String) throws(BusinessHoursError) -> [Int] {
        var days: [Int] = []
        for item in text.lowercased().split(separator: ",") {
            let bounds = item.split(separator: "-").map { dayNames[String($0.prefix(3))] }
            switch bounds.count {
            case 1:
                guard let day = bounds[0] else { throw BusinessHoursError("“\(item)” is not a day like mon or seg") }
                days.append(day)
            case 2:
                guard let first = bounds[0], let last = bounds[1] else {
                    throw BusinessHoursError("“\(item)” is not a range of days like mon-fri")
                }
                var day = first
                while true {
                    days.append(day)
                    if day == last { break }
                    day = day % 7 + 1
                }
            default:
                throw BusinessHoursError("“\(item)” is not a range of days like mon-fri")
            }
        }
        return days
    }

    private static func minutes(_ text: String) -> Int? {
        let parts = text.split(separator: ":")
        guard parts.count == 2, let hour = Int(parts[0]), let minute = Int(parts[1]), (0...24).contains(hour),
            (0..<60).contains(minute), hour * 60 + minute <= 24 * 60
        else { return nil }
        return hour * 60 + minute
    }
}

/// Why `BUSINESS_HOURS` could not be read.
public struct BusinessHoursError: Error, Equatable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
