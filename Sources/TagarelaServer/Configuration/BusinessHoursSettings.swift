import Foundation
import TagarelaCore

extension BusinessHours {
    /// `BUSINESS_HOURS` (off when unset), `BUSINESS_TIME_ZONE` (default `DEFAULT_TIME_ZONE`) and `OUTSIDE_HOURS`
    /// (`notice`, the default, or `bot`).
    static func load(_ reader: EnvironmentReader, defaultTimeZone: TimeZone) throws(ConfigurationError)
        -> BusinessHours?
    {
        guard let text = reader.string("BUSINESS_HOURS") else { return nil }
        let zone = try ToolSettings.zone(reader, "BUSINESS_TIME_ZONE", default: defaultTimeZone.identifier)
        let outside: Outside = try reader.choice("OUTSIDE_HOURS", default: .notice)
        do {
            return try parse(text, timeZone: zone, outside: outside)
        } catch {
            throw ConfigurationError(
                setting: "BUSINESS_HOURS",
                message: "BUSINESS_HOURS: \(error.description) (e.g. \"mon-fri 09:00-18:00; sat 09:00-13:00\")")
        }
    }

    /// The hours as `BUSINESS_HOURS` would write them, for the settings summary.
    var summary: String {
        let names = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]
        return windows.map { window in
            String(
                format: "%@ %02d:%02d-%02d:%02d", names[window.weekday - 1], window.start / 60, window.start % 60,
                window.end / 60, window.end % 60)
        }.joined(separator: "; ")
    }
}
