import Foundation

/// The dashboard's playground: a contact who lives in a browser tab and goes through the whole pipeline (memory,
/// tools, providers) like a WhatsApp contact. A reply is delivered by being stored; the page reads it from
/// storage, so whichever instance answers, the page sees it.
public struct PlaygroundChannel: ChannelSender {
    public let channel = ChannelKind.playground
    public let maxTextLength = 4096

    public init() {}

    /// The reply address of a playground contact.
    public static func address(of playgroundID: String) -> String { "playground:\(playgroundID)" }

    /// Who the playground contact `playgroundID` is, to storage.
    public static func identity(of playgroundID: String) -> ContactIdentity {
        ContactIdentity(localID: "playground-\(playgroundID)")
    }

    /// A message typed in the playground by the contact `playgroundID`.
    public static func inbound(from playgroundID: String, text: String) -> InboundMessage {
        InboundMessage(
            channel: .playground, providerMessageID: "playground-\(UUID().uuidString)",
            identity: identity(of: playgroundID), replyAddress: address(of: playgroundID),
            profileName: "Playground \(playgroundID.prefix(6))", content: .text(text))
    }

    public func send(_ message: OutboundEnvelope) async -> SendOutcome {
        .accepted(providerMessageID: "playground-\(UUID().uuidString)")
    }
}
