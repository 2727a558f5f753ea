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
    /// In-process channels: the terminal chat and the playground.
    public static let local = ChannelKind(rawValue: "local")

    public var description: String { rawValue }
}
