import Foundation

/// `current_time`: the date and time where the contact is, from their number's country code (Brazil: area
/// code), else the configured default zone. Models do not know the time; contacts ask "que dia é hoje?".
public struct CurrentTimeTool: Tool {
    public static let name = "current_time"

    let defaultZone: TimeZone

    public init(defaultZone: TimeZone) {
        self.defaultZone = defaultZone
    }

    public var definition: ToolDefinition {
        ToolDefinition(
            name: Self.name,
            description: """
                Current date, time and weekday where the contact is (from their phone number), or in a given IANA \
                time zone. Use it whenever the answer depends on today's date or the time.
                """,
            properties: [
                "time_zone": [
                    "type": "string",
                    "description":
                        "Optional IANA time zone such as America/Sao_Paulo; leave out for the contact's own.",
                ]
            ],
            required: [])
    }

    public func run(_ arguments: JSONValue, context: ToolContext) async throws -> ToolOutput {
        let zone = try zone(arguments["time_zone"]?.stringValue, contact: context.contact)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .weekday], from: context.now)
        let offset = zone.secondsFromGMT(for: context.now)
        let result: JSONValue = [
            "time_zone": .string(zone.identifier),
            "date": .string(
                String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)),
            "time": .string(String(format: "%02d:%02d", parts.hour ?? 0, parts.minute ?? 0)),
            "weekday": .string(Self.weekdays[((parts.weekday ?? 1) - 1) % 7]),
            "utc_offset": .string(Self.offsetText(offset)),
        ]
        return ToolOutput(result: result)
    }

    private func zone(_ requested: String?, contact: Contact) throws -> TimeZone {
        if let requested, !requested.isEmpty {
            guard let zone = TimeZone(identifier: requested) else {
                throw ToolError("unknown time zone \(requested); use an IANA name such as America/Sao_Paulo")
            }
            return zone
        }
        return contact.phone.flatMap(PhoneTimeZones.zone(forPhone:)).flatMap(TimeZone.init(identifier:))
            ?? defaultZone
    }

    static let weekdays = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]

    static func offsetText(_ seconds: Int) -> String {
        let sign = seconds < 0 ? "-" : "+"
        let minutes = abs(seconds) / 60
        return String(format: "%@%02d:%02d", sign, minutes / 60, minutes % 60)
    }
}
