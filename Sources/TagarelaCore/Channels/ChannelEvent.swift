import Foundation

/// What a webhook told us, in the channel's words turned into ours. A channel parses its payload into these;
/// the `Intake` applies them, the same way for every channel.
public enum ChannelEvent: Sendable, Equatable {
    /// A contact wrote (text, media, a reaction…).
    case message(InboundMessage)
    /// A contact moved to a new phone number.
    case numberChange(NumberChange)
    /// A delivery receipt for one of our messages.
    case delivery(DeliveryReport)
}

/// A contact moved to a new phone number (WhatsApp's "changed number" notice): the conversation continues at
/// `newReplyAddress`, and the contact's memory follows them.
public struct NumberChange: Sendable, Equatable {
    public var channel: ChannelKind
    public var providerMessageID: String
    /// E.164 with `+`; nil when the notice came without the old number.
    public var oldPhone: String?
    /// The business-scoped user id, which does not change with the number.
    public var userID: String?
    /// E.164 with `+`.
    public var newPhone: String
    /// Where later sends go on this channel.
    public var newReplyAddress: String
    /// The channel's sentence about it ("User A changed from … to …"): it quotes both numbers, so never log it.
    public var notice: String?
    public var sentAt: Date?

    public init(
        channel: ChannelKind, providerMessageID: String, oldPhone: String?, userID: String?, newPhone: String,
        newReplyAddress: String, notice: String?, sentAt: Date?
    ) {
        self.channel = channel
        self.providerMessageID = providerMessageID
        self.oldPhone = oldPhone
        self.userID = userID
        self.newPhone = newPhone
        self.newReplyAddress = newReplyAddress
        self.notice = notice
        self.sentAt = sentAt
    }
}

/// A provider's report on one of our messages. Reports arrive out of order and more than once; the store keeps
/// a late one from undoing a later status.
public struct DeliveryReport: Sendable, Equatable {
    public var channel: ChannelKind
    /// The id our send got back (Twilio `MessageSid`, Meta `wamid`).
    public var providerMessageID: String
    /// The provider's own word, kept for the log because providers add values without notice.
    public var rawStatus: String
    /// Ours; nil for an in-between or unknown value that changes nothing.
    public var status: MessageStatus?
    public var errorCode: String?
    /// The provider's own words about a failure.
    public var errorDetail: String?
    /// The provider says the contact opted out (nothing more may be sent to them).
    public var optedOut: Bool
    /// When the provider says it happened; nil when the channel does not stamp reports.
    public var timestamp: Date?

    public init(
        channel: ChannelKind, providerMessageID: String, rawStatus: String, status: MessageStatus?,
        errorCode: String? = nil, errorDetail: String? = nil, optedOut: Bool = false, timestamp: Date? = nil
    ) {
        self.channel = channel
        self.providerMessageID = providerMessageID
        self.rawStatus = rawStatus
        self.status = status
        self.errorCode = errorCode
        self.errorDetail = errorDetail
        self.optedOut = optedOut
        self.timestamp = timestamp
    }

    /// The provider refused the message because the contact's 24-hour window had closed.
    public var isOutsideWindow: Bool {
        (status == .failed || status == .undelivered) && WhatsAppWindow.isOutsideWindowError(errorCode, on: channel)
    }
}
