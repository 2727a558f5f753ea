/// What a message is: text, a voice note, a photo, a notice… Stored and sent in JSON as its plain spelling
/// (`"audio"`), and open-ended: a kind a channel adds later (WhatsApp grows new message types) is kept as it
/// came, so nothing is lost, and shown as "unsupported" until Tagarela handles it.
public struct MessageKind: RawRepresentable, Hashable, Sendable, Codable, ExpressibleByStringLiteral,
    CustomStringConvertible
{
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public var description: String { rawValue }

    // What contacts send.
    public static let text: MessageKind = "text"
    public static let audio: MessageKind = "audio"
    public static let image: MessageKind = "image"
    public static let video: MessageKind = "video"
    public static let document: MessageKind = "document"
    public static let sticker: MessageKind = "sticker"
    public static let location: MessageKind = "location"
    public static let contacts: MessageKind = "contacts"
    public static let reaction: MessageKind = "reaction"
    public static let button: MessageKind = "button"
    public static let interactive: MessageKind = "interactive"
    public static let order: MessageKind = "order"
    public static let flow: MessageKind = "flow"
    /// A channel's own notice (a number change), stored for the record.
    public static let system: MessageKind = "system"
    /// A message the channel itself could not show (Meta's `unsupported`).
    public static let unsupported: MessageKind = "unsupported"
    /// A message with nothing in it (Twilio's blank body).
    public static let empty: MessageKind = "empty"
    // What Tagarela sends (the spellings of `OutboundKind`).
    public static let notice: MessageKind = "notice"
    public static let template: MessageKind = "template"
    public static let voice: MessageKind = "voice"
    public static let operatorMessage: MessageKind = "operator"
}
