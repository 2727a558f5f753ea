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
        if let phone { keys.append("phone:\(phone)") }
        if let userID { keys.append("user:\(userID)") }
        if let localID { keys.append("local:\(localID)") }
        return keys
    }

    public var isEmpty: Bool { keys.isEmpty }
}

/// What an inbound message carries.
public enum InboundContent: Sendable, Equatable {
    /// Text typed by the contact, or the text of a button they tapped.
    case text(String)
    /// Something this version does not handle yet: `kind` is e.g. `image`, `audio`, `location`.
    case unsupported(kind: String)

    /// The kind stored with the message.
    public var kind: String {
        switch self {
        case .text: "text"
        case .unsupported(let kind): kind
        }
    }

    /// The text, if any.
    public var text: String? {
        if case .text(let text) = self { return text }
        return nil
    }
}

/// A message as a channel parsed it, before it is stored.
public struct InboundMessage: Sendable, Equatable {
    public var channel: ChannelKind
    /// The provider's id (Twilio `MessageSid`, Meta `wamid`): the key that makes redelivery harmless.
    public var providerMessageID: String
    public var identity: ContactIdentity
    /// Where replies go on this channel (Twilio: the inbound `From`, e.g. `whatsapp:+5511...`).
    public var replyAddress: String
    public var profileName: String?
    public var content: InboundContent

    public init(
        channel: ChannelKind,
        providerMessageID: String,
        identity: ContactIdentity,
        replyAddress: String,
        profileName: String? = nil,
        content: InboundContent
    ) {
        self.channel = channel
        self.providerMessageID = providerMessageID
        self.identity = identity
        self.replyAddress = replyAddress
        self.profileName = profileName
        self.content = content
    }
}
