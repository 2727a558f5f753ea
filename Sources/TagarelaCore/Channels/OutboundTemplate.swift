import Foundation

/// An approved template a person sends from the dashboard or the API: WhatsApp delivers it whatever the time
/// since the contact last wrote. Twilio names it by its Content SID (`HX…`) with `ContentVariables`; Meta by
/// its name and language, with the components of its parameters. Stored as JSON in the message's text.
public struct OutboundTemplate: Sendable, Equatable, Codable {
    /// Twilio: the Content SID, `HX` and 32 hex digits.
    public var contentSID: String?
    /// Twilio: `{"1": "Ana"}`, sent as a JSON string.
    public var contentVariables: [String: String]?
    /// Meta: the template's name.
    public var name: String?
    /// Meta: the translation, e.g. `pt_BR`.
    public var language: String?
    /// Meta: `components` as the Cloud API takes them (header, body and button parameters).
    public var components: JSONValue?

    public init(
        contentSID: String? = nil, contentVariables: [String: String]? = nil, name: String? = nil,
        language: String? = nil, components: JSONValue? = nil
    ) {
        self.contentSID = contentSID
        self.contentVariables = contentVariables
        self.name = name
        self.language = language
        self.components = components
    }

    /// The JSON kept as the message's text.
    public var storedText: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return (try? encoder.encode(self)).flatMap { String(data: $0, encoding: .utf8) } ?? "{}"
    }

    /// The template a stored text holds; nil for the configured re-engagement template (whose name is the text).
    public init?(storedText: String) {
        guard storedText.hasPrefix("{"),
            let template = try? JSONDecoder().decode(OutboundTemplate.self, from: Data(storedText.utf8))
        else { return nil }
        self = template
    }

    /// What the dashboard shows for it.
    public var summary: String {
        "Template " + (name.map { "\($0) (\(language ?? "?"))" } ?? contentSID ?? "?")
    }
}
