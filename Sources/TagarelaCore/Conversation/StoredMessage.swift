import Foundation

/// Which way a message went.
public enum MessageDirection: String, Sendable, Equatable, Codable {
    case inbound = "in"
    case outbound = "out"
}

/// Where a message stands. Inbound messages are `received`; outbound ones move through the outbox.
public enum MessageStatus: String, Sendable, Equatable, Codable, CaseIterable {
    case received
    /// Inbound, stored and shown, but not answered (a reaction, a backlog older than the configured age).
    case recorded
    /// In the outbox, waiting for its turn to be sent.
    case pending
    /// Handed to the provider by a worker that holds its lease.
    case sending
    /// The provider took it (Twilio `queued`/`accepted`/`sent`).
    case sent
    case delivered
    case read
    /// A voice note the contact played (Meta, since 2026).
    case played
    case failed
    case undelivered
    /// Not sent on purpose (the contact opted out before it left).
    case cancelled
    /// The send may or may not have reached the provider; it is never resent blindly.
    case unknown

    /// Statuses a delivery callback may move a message to, in order of progress; a late `sent` never undoes `read`.
    public var progressRank: Int {
        switch self {
        case .pending: 0
        case .sending: 1
        case .unknown: 2
        case .sent: 3
        case .delivered: 4
        case .read: 5
        case .played: 6
        case .failed, .undelivered, .cancelled: 7
        case .received, .recorded: 0
        }
    }
}

/// The kind of an outbound message: replies are memory, notices (fallbacks, guards) are not.
public enum OutboundKind: String, Sendable, Equatable, Codable {
    case reply = "text"
    case notice
    /// The channel's approved re-engagement template (its name is the text): WhatsApp delivers it outside the
    /// 24-hour window, where free text fails.
    case template
    /// A voice note (an OGG/Opus file in the media store); the text is what it says, and is memory.
    case voice
    /// A photo (a file in the media store), its caption the text.
    case image
    /// Written by a person from the dashboard or the admin API; memory, so the bot knows what was said.
    case operatorMessage = "operator"
}

/// A message as stored: one row of a contact's conversation.
public struct StoredMessage: Sendable, Equatable, Identifiable {
    public var id: Int64
    public var contactID: Int64
    public var direction: MessageDirection
    public var channel: ChannelKind
    public var providerMessageID: String?
    /// `text`, `notice`, or a media kind such as `image`.
    public var kind: MessageKind
    public var text: String?
    public var createdAt: Date
    public var status: MessageStatus
    public var errorCode: String?
    /// Why a send failed or may have failed, in the provider's words (code, message, trace id).
    public var errorDetail: String?
    public var turnID: Int64?
    /// What the channel said about an attached photo, voice note, video, document or sticker.
    public var media: MediaAttachment?

    public init(
        id: Int64, contactID: Int64, direction: MessageDirection, channel: ChannelKind,
        providerMessageID: String?, kind: MessageKind, text: String?, createdAt: Date,
        status: MessageStatus, errorCode: String?, turnID: Int64?, media: MediaAttachment? = nil,
        errorDetail: String? = nil
    ) {
        self.id = id
        self.contactID = contactID
        self.direction = direction
        self.channel = channel
        self.providerMessageID = providerMessageID
        self.kind = kind
        self.text = text
        self.createdAt = createdAt
        self.status = status
        self.errorCode = errorCode
        self.turnID = turnID
        self.media = media
        self.errorDetail = errorDetail
    }
}
