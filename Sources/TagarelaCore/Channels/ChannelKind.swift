/// The channel a message came through and its replies go back through.
public struct ChannelKind: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    public var rawValue: String

    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    /// Twilio Programmable Messaging (WhatsApp sender).
    public static let twilio = ChannelKind(rawValue: "twilio")
    /// Meta's WhatsApp Cloud API.
    public static let meta = ChannelKind(rawValue: "meta")
    /// The terminal chat (`tagarela chat`), answered in its own process.
    public static let local = ChannelKind(rawValue: "local")
    /// The dashboard's playground, answered by the server's workers.
    public static let playground = ChannelKind(rawValue: "playground")

    public var description: String { rawValue }
}
