import Foundation

/// Sends text to a contact over one channel.
public protocol ChannelSender: Sendable {
    var channel: ChannelKind { get }
    /// The longest text one message may carry, in UTF-16 code units (Twilio: 1600).
    var maxTextLength: Int { get }
    /// Sends one message. Never throws: every failure is classified so the outbox knows whether to retry.
    func send(_ message: OutboundEnvelope) async -> SendOutcome
    /// Where to ask whether a send whose answer was lost reached the provider; nil when the channel cannot tell.
    var sentLookup: (any SentMessageLookup)? { get }
}

extension ChannelSender {
    public var sentLookup: (any SentMessageLookup)? { nil }
}

/// One outbound message handed to a channel.
public struct OutboundEnvelope: Sendable, Equatable {
    /// Our own id of the message (the outbox row).
    public var messageID: Int64
    public var contactID: Int64
    /// The channel address to send to (Twilio: `whatsapp:+5511...` or `whatsapp:US.1234`).
    public var to: String
    /// The business address to send from: the one the contact last wrote to (Twilio: `whatsapp:+1415…`). Nil
    /// for a message that answers nothing (a template to a contact who never wrote): the configured sender.
    public var from: String?
    public var text: String
    /// When the contact last wrote: WhatsApp takes free-form messages only within 24 hours of it.
    public var lastInboundAt: Date?
    /// A reply, a notice, a voice note, or the re-engagement template (whose name `text` holds).
    public var kind: OutboundKind
    /// A voice note's audio: `id` names the stored file (`MediaStore`), `kind` is `audio`, `voice` is true.
    /// Its `text` is what the note says (memory), not something to send.
    public var media: MediaAttachment?

    public init(
        messageID: Int64, contactID: Int64, to: String, text: String, lastInboundAt: Date? = nil,
        kind: OutboundKind = .reply, media: MediaAttachment? = nil, from: String? = nil
    ) {
        self.from = from
        self.media = media
        self.messageID = messageID
        self.contactID = contactID
        self.to = to
        self.text = text
        self.lastInboundAt = lastInboundAt
        self.kind = kind
    }
}

/// What became of a send.
public enum SendOutcome: Sendable, Equatable {
    /// The provider took the message and gave it this id.
    case accepted(providerMessageID: String)
    /// The provider refused it for good: retrying cannot help. `optedOut` when the contact opted out (Twilio 21610).
    case rejected(code: String?, reason: String, optedOut: Bool)
    /// The provider did not take it, and a later attempt may work (429, 5xx, connection refused).
    case retryable(reason: String, retryAfter: Duration?)
    /// The request may or may not have been taken (e.g. the answer timed out): never resend blindly.
    case unknown(reason: String)
}

/// A channel that can show the contact that an answer is on its way (Meta: mark the message read and show
/// the typing indicator, in one call).
public protocol TypingIndicator: Sendable {
    /// Best effort: a failure is logged by the channel and never delays or fails the turn.
    func showTyping(inReplyTo providerMessageID: String) async
}
