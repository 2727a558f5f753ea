import Foundation

/// Who sent a message, in every form the channel gave. One person may appear with a phone number,
/// a business-scoped user id (WhatsApp's 2026 identity change), or both; storage links them to one contact.
public struct ContactIdentity: Sendable, Equatable, Hashable {
    /// E.164 with the leading `+`, e.g. `+5511987654321`.
    public var phone: String?
    /// A business-scoped user id such as `US.1234` or `BR.98765`.
    public var userID: String?
    /// An id on a local channel (terminal chat, playground), e.g. `terminal:ana`.
    public var localID: String?

    public init(phone: String? = nil, userID: String? = nil, localID: String? = nil) {
        self.phone = phone.flatMap { $0.isEmpty ? nil : $0 }
        self.userID = userID.flatMap { $0.isEmpty ? nil : $0 }
        self.localID = localID.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The identity keys, most stable first, as stored in the identity index.
    public var keys: [String] {
        var keys: [String] = []
        if let phone { keys.append(Self.phoneKey(phone)) }
        if let userID { keys.append("user:\(userID)") }
        if let localID { keys.append("local:\(localID)") }
        return keys
    }

    /// The identity key of a phone number (E.164 with `+`).
    public static func phoneKey(_ phone: String) -> String { "phone:\(phone)" }

    public var isEmpty: Bool { keys.isEmpty }
}

/// A photo, voice note, video, document or sticker as the channel described it: enough to download it later
/// (Meta: `GET /{id}`; Twilio: the `url` with Basic auth), never the bytes themselves.
public struct MediaAttachment: Sendable, Equatable, Codable {
    /// `image`, `audio`, `video`, `document` or `sticker`.
    public var kind: MessageKind
    /// The provider's media id (Meta), if it has one.
    public var id: String?
    /// Where the bytes are (Twilio `MediaUrlN`, Meta's lookaside URL), if the channel gave one.
    public var url: String?
    public var mimeType: String?
    /// Base64 SHA-256 of the bytes as the provider stated it, to check a download.
    public var sha256: String?
    public var caption: String?
    public var filename: String?
    /// A recorded voice note rather than an audio file (Meta `audio.voice`).
    public var voice: Bool?
    /// What the contact said in it, once transcribed (also the message's text, which is what memory reads).
    public var transcript: String?
    /// The id of the copy kept in the media store (`VOICE_RETENTION_DAYS`), for the dashboard to play.
    public var storedID: String?
    /// The length in milliseconds, when known.
    public var durationMilliseconds: Int?

    public init(
        kind: MessageKind, id: String? = nil, url: String? = nil, mimeType: String? = nil, sha256: String? = nil,
        caption: String? = nil, filename: String? = nil, voice: Bool? = nil
    ) {
        self.kind = kind
        self.id = id
        self.url = url
        self.mimeType = mimeType
        self.sha256 = sha256
        self.caption = caption
        self.filename = filename
        self.voice = voice
    }
}

/// What an inbound message carries.
public enum InboundContent: Sendable, Equatable {
    /// Text typed by the contact, or the text of a button they tapped.
    case text(String)
    /// A photo, voice note, video, document or sticker (its caption, if any, is the message text).
    case media(MediaAttachment)
    /// A reaction to the message with provider id `messageID`; an empty emoji takes it back. Recorded, never answered.
    case reaction(emoji: String, messageID: String)
    /// Something this version does not handle yet: `kind` is e.g. `location`, `contacts`, `unsupported`;
    /// `summary` is a readable rendering kept with the message, if the channel gave one.
    case unsupported(kind: MessageKind, summary: String? = nil)

    /// The kind stored with the message.
    public var kind: MessageKind {
        switch self {
        case .text: "text"
        case .media(let media): media.kind
        case .reaction: "reaction"
        case .unsupported(let kind, _): kind
        }
    }

    /// The text stored with the message, if any.
    public var text: String? {
        switch self {
        case .text(let text): text
        case .media(let media): media.caption
        case .reaction(let emoji, _): emoji
        case .unsupported(_, let summary): summary
        }
    }

    /// The attachment, if any.
    public var media: MediaAttachment? {
        if case .media(let media) = self { return media }
        return nil
    }

    /// Whether a message of this kind starts a turn. A reaction is not something to answer.
    public var expectsReply: Bool {
        if case .reaction = self { return false }
        return true
    }
}

/// A message as a channel parsed it, before it is stored.
public struct InboundMessage: Sendable, Equatable {
    public var channel: ChannelKind
    /// The provider's id (Twilio `MessageSid`, Meta `wamid`): the key that makes redelivery harmless.
    public var providerMessageID: String
    public var identity: ContactIdentity
    /// Where replies go on this channel (Twilio: the inbound `From`, e.g. `whatsapp:+5511...`; Meta: the
    /// number's digits, or the business-scoped id when the number is hidden).
    public var replyAddress: String
    /// The business address the contact wrote to (Twilio: the inbound `To`), which replies go out from; nil
    /// when the channel does not say.
    public var businessAddress: String?
    public var profileName: String?
    public var content: InboundContent
    /// When the contact sent it, as the provider stamped it (Meta `timestamp`); nil when the channel does not say.
    public var sentAt: Date?
    /// False for messages that are stored and shown but not answered: reactions, and a backlog older than the
    /// configured age (answering those out of context would confuse the contact).
    public var expectsReply: Bool

    public init(
        channel: ChannelKind,
        providerMessageID: String,
        identity: ContactIdentity,
        replyAddress: String,
        profileName: String? = nil,
        content: InboundContent,
        sentAt: Date? = nil,
        expectsReply: Bool? = nil,
        businessAddress: String? = nil
    ) {
        self.businessAddress = businessAddress
        self.channel = channel
        self.providerMessageID = providerMessageID
        self.identity = identity
        self.replyAddress = replyAddress
        self.profileName = profileName
        self.content = content
        self.sentAt = sentAt
        self.expectsReply = expectsReply ?? content.expectsReply
    }
}

extension MediaAttachment {
    /// The form stored in a `media` column: compact JSON with sorted keys.
    public var storedJSON: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(self)).flatMap { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    /// Reads the stored form back; nil for a missing or unreadable value (never fails a read of the conversation).
    public init?(storedJSON: String?) {
        guard let storedJSON, let value = try? JSONDecoder().decode(Self.self, from: Data(storedJSON.utf8)) else {
            return nil
        }
        self = value
    }
}

extension InboundMessage {
    /// The status the message is stored with: `received` waits for a turn, `recorded` never gets one.
    public var status: MessageStatus { expectsReply ? .received : .recorded }
}
