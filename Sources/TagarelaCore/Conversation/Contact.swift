import Foundation

/// A person the assistant talks to, whatever channel or identity they last used.
public struct Contact: Sendable, Equatable, Identifiable {
    public var id: Int64
    public var phone: String?
    public var userID: String?
    public var localID: String?
    public var profileName: String?
    /// The channel and address the last inbound message came from: replies go there.
    public var replyChannel: ChannelKind
    public var replyAddress: String
    /// The business address the contact last wrote to (Twilio: the inbound `To`): replies go out from it, since
    /// WhatsApp's 24-hour window belongs to that number. Nil when the channel does not say (Meta, the playground).
    public var businessAddress: String?
    public var firstSeenAt: Date
    public var lastSeenAt: Date
    public var inboundCount: Int
    public var outboundCount: Int
    /// The contact sent an opt-out keyword (or the provider reported it): nothing is sent until they write again.
    public var optedOut: Bool
    /// The rate-limit notice was sent and is not repeated before this moment.
    public var rateLimitNoticeUntil: Date?
    /// When the contact last wrote, by the provider's clock when it says (WhatsApp's 24-hour window starts there).
    public var lastInboundAt: Date?
    /// The token-budget notice was sent and is not repeated before this moment (the next day).
    public var budgetNoticeUntil: Date?
    /// Since when the contact waits for a person (`handoff_to_human`, or an operator took over): the bot is
    /// silent for them until an operator resumes it.
    public var handoffAt: Date?
    public var handoffReason: String?
    /// How the contact asked to be answered (`set_reply_mode`); nil follows `VOICE_REPLIES`.
    public var replyMode: ReplyMode?

    public init(
        id: Int64, phone: String?, userID: String?, localID: String?, profileName: String?,
        replyChannel: ChannelKind, replyAddress: String, firstSeenAt: Date, lastSeenAt: Date,
        inboundCount: Int, outboundCount: Int, optedOut: Bool, rateLimitNoticeUntil: Date? = nil,
        lastInboundAt: Date? = nil, budgetNoticeUntil: Date? = nil, handoffAt: Date? = nil,
        handoffReason: String? = nil, replyMode: ReplyMode? = nil,
        businessAddress: String? = nil
    ) {
        self.businessAddress = businessAddress
        self.replyMode = replyMode
        self.handoffAt = handoffAt
        self.handoffReason = handoffReason
        self.id = id
        self.phone = phone
        self.userID = userID
        self.localID = localID
        self.profileName = profileName
        self.replyChannel = replyChannel
        self.replyAddress = replyAddress
        self.firstSeenAt = firstSeenAt
        self.lastSeenAt = lastSeenAt
        self.inboundCount = inboundCount
        self.outboundCount = outboundCount
        self.optedOut = optedOut
        self.rateLimitNoticeUntil = rateLimitNoticeUntil
        self.lastInboundAt = lastInboundAt
        self.budgetNoticeUntil = budgetNoticeUntil
    }

    /// The identity as a channel would give it, for allow and block lists.
    public var identity: ContactIdentity {
        ContactIdentity(phone: phone, userID: userID, localID: localID)
    }
}

/// How a contact asked to be answered.
public enum ReplyMode: String, Sendable, Equatable, Codable, CaseIterable {
    case voice
    case text
}
