import Foundation

/// How the dashboard writes times and numbers: in the installation's time zone (`DEFAULT_TIME_ZONE`).
struct AdminFormat: Sendable {
    let timeZone: TimeZone

    /// `07/12 14:03`, or with the year when it is not this year's.
    func time(_ date: Date, now: Date = Date()) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        let year = calendar.component(.year, from: now) == parts.year ? "" : "/\(parts.year ?? 0)"
        return String(
            format: "%02d/%02d%@ %02d:%02d", parts.day ?? 0, parts.month ?? 0, year, parts.hour ?? 0, parts.minute ?? 0)
    }

    /// `12/07` for a day counted since 1970-01-01 in this zone.
    func day(_ day: Int) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.month, .day], from: Date(timeIntervalSince1970: Double(day) * 86_400))
        return String(format: "%02d/%02d", parts.day ?? 0, parts.month ?? 0)
    }

    /// Seconds east of UTC now (Brazil keeps no daylight saving time, so one offset serves a chart's days).
    var utcOffset: Int { timeZone.secondsFromGMT() }

    /// `850 ms`, `2.4 s`.
    static func milliseconds(_ value: Double?) -> String {
        guard let value else { return "–" }
        return value < 1000 ? "\(Int(value.rounded())) ms" : String(format: "%.1f s", value / 1000)
    }

    /// `820 B`, `12.3 KB`, `4.1 MB`.
    static func bytes(_ count: Int) -> String {
        if count < 1024 { return "\(count) B" }
        if count < 1 << 20 { return String(format: "%.1f KB", Double(count) / 1024) }
        return String(format: "%.1f MB", Double(count) / Double(1 << 20))
    }

    /// `12,345`.
    static func count(_ value: Int) -> String {
        let formatter = NumberFormatter()
        formatter.numberStyle = .decimal
        formatter.locale = Locale(identifier: "en_US")
        return formatter.string(from: NSNumber(value: value)) ?? String(value)
    }

    /// The value at `fraction` (0.5 median, 0.95 p95) of the sorted values, nearest rank; nil when empty.
    static func percentile(_ fraction: Double, of values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let rank = Int((fraction * Double(sorted.count)).rounded(.up)) - 1
        return sorted[min(max(rank, 0), sorted.count - 1)]
    }
}
