import Foundation

/// How the dashboard writes times and numbers: in the installation's time zone (`DEFAULT_TIME_ZONE`) and the page's
/// language. Written out by hand rather than with Foundation's locales, whose data differs between platforms.
struct AdminFormat: Sendable {
    let timeZone: TimeZone
    let language: DashboardLanguage

    /// `07/12 14:03`, or with the year when it is not this year's (`07/12/2025 14:03`): day first in both languages.
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

    /// `850 ms`, `2.4 s` (`2,4 s`).
    func milliseconds(_ value: Double?) -> String {
        guard let value else { return "–" }
        return value < 1000 ? "\(Int(value.rounded())) ms" : "\(decimal(value / 1000, digits: 1)) s"
    }

    /// `820 B`, `12.3 KB` (`12,3 KB`), `4.1 MB`.
    func bytes(_ count: Int) -> String {
        if count < 1024 { return "\(count) B" }
        if count < 1 << 20 { return "\(decimal(Double(count) / 1024, digits: 1)) KB" }
        return "\(decimal(Double(count) / Double(1 << 20), digits: 1)) MB"
    }

    /// `12,345` in English, `12.345` in Portuguese.
    func count(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var grouped = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { grouped += thousands }
            grouped.append(digit)
        }
        return (value < 0 ? "-" : "") + grouped
    }

    /// `1,234.5` in English, `1.234,5` in Portuguese, with `digits` after the separator.
    func decimal(_ value: Double, digits: Int) -> String {
        // `%f` writes the C locale's point whatever the process's locale; the separators are put in here.
        let plain = String(format: "%.\(digits)f", value.magnitude)
        let parts = plain.split(separator: ".", maxSplits: 1)
        let whole = count(Int(parts[0]) ?? 0)
        let sign = value < 0 && plain.contains(where: { $0 != "0" && $0 != "." }) ? "-" : ""
        return sign + whole + (parts.count > 1 ? decimalPoint + parts[1] : "")
    }

    /// US dollars: `$0.0123` in English, `US$ 0,0123` in Portuguese.
    func dollars(_ value: Double) -> String {
        (language == .english ? "$" : "US$ ") + decimal(value, digits: 4)
    }

    private var thousands: String { language == .english ? "," : "." }
    private var decimalPoint: String { language == .english ? "." : "," }

    /// The value at `fraction` (0.5 median, 0.95 p95) of the sorted values, nearest rank; nil when empty.
    static func percentile(_ fraction: Double, of values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let rank = Int((fraction * Double(sorted.count)).rounded(.up)) - 1
        return sorted[min(max(rank, 0), sorted.count - 1)]
    }
}
