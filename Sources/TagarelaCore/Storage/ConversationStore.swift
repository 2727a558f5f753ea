import Foundation

/// Durable storage of contacts, messages, the turn queue and the outbox.
///
/// The queue lives here and not in process memory, so that several instances can share one database:
/// every claim is an atomic write that hands a contact's work to exactly one owner under a lease,
/// and every write made on behalf of a claim checks the lease first (fencing).
public protocol ConversationStore: ProviderConversationStore, MediaStore, AdminQueries, AdminSessionStore {
    /// Stores an inbound message once per provider id and, when it expects a reply, schedules the contact's next
    /// turn; a message that does not (a reaction, an old backlog) is stored as `recorded` and never answered.
    func ingest(_ message: InboundMessage, at now: Date, schedule: TurnSchedule) async throws -> IngestResult

    /// Hands out up to `limit` contacts whose turn is due and not leased, each with its unanswered messages.
    /// A contact whose previous lease expired (its worker died) is handed out again with the same messages.
    /// Only contacts whose replies go to one of `channels` are considered (a terminal chat serves its own).
    func claimTurns(
        owner: String, channels: Set<ChannelKind>, now: Date, leaseDuration: Duration, limit: Int
    ) async throws -> [TurnClaim]

    /// Extends a turn's lease; throws `StorageError.leaseLost` if another worker took the contact over.
    func renewTurnLease(_ claim: TurnClaim, now: Date, leaseDuration: Duration) async throws -> Lease

    /// Records the turn, puts its replies in the outbox, applies its tools' effects and releases the contact,
    /// all at once and only while the lease still holds (else `StorageError.leaseLost` and nothing is written).
    ///
    /// With `firstReply`, the first reply is also claimed for sending in the same transaction, when it is next
    /// in the contact's order and its channel is one of `firstReply.channels`: the caller sends it at once
    /// instead of waiting for an outbox worker to claim it (a write and a wake-up less per turn).
    @discardableResult
    func completeTurn(_ claim: TurnClaim, outcome: TurnOutcome, now: Date, firstReply: SendClaimRequest?)
        async throws -> OutboundClaim?

    /// The earliest moment a turn becomes due or a turn lease expires; nil when there is no turn work.
    func nextTurnDue(channels: Set<ChannelKind>) async throws -> Date?

    /// The contact's conversation up to and including `messageID`, newest last, at most `limit` messages.
    func history(contactID: Int64, upTo messageID: Int64, limit: Int) async throws -> [StoredMessage]

    /// Counts one medium of `bytes` against the contact's quota for the day starting at `day`, and forgets the
    /// days before; false, with nothing counted, when it would exceed `quota`.
    func takeMediaAllowance(contactID: Int64, bytes: Int, day: Date, quota: MediaQuota) async throws -> Bool

    /// What the turns started since `since` used: one contact's, or everyone's when nil.
    func spending(contactID: Int64?, since: Date) async throws -> Spending

    /// How many messages the contact sent since `since` (for the rate limit).
    func inboundCount(contactID: Int64, since: Date) async throws -> Int

    /// Hands out outbound messages ready to send: for each contact only its oldest unsent message, so a
    /// contact's messages leave in order. Messages of opted-out contacts are cancelled instead.
    /// Only messages for one of `channels` are considered: a worker claims only what it can send.
    func claimOutbound(
        owner: String, channels: Set<ChannelKind>, now: Date, leaseDuration: Duration, limit: Int
    ) async throws -> [OutboundClaim]

    /// Records what became of a send.
    func recordSend(_ claim: OutboundClaim, result: SendRecord, now: Date) async throws

    /// The earliest moment an outbound message becomes due or a send lease expires; nil when there is none.
    func nextOutboundDue(channels: Set<ChannelKind>) async throws -> Date?

    /// Applies a provider's delivery status to the outbound message with that id; false if there is none.
    /// Statuses arrive out of order and repeated: a status never moves a message backwards.
    /// `optedOut` when the provider says the contact opted out (Twilio 21610): the contact is opted out too.
    /// `errorDetail` is the provider's own words about a failure (kept with the code).
    func recordDeliveryStatus(
        channel: ChannelKind, providerMessageID: String, status: MessageStatus, errorCode: String?,
        errorDetail: String?, optedOut: Bool, at: Date
    ) async throws -> Bool

    /// Moves a contact from an old phone number to a new one (WhatsApp's "changed number" notice), so the
    /// memory follows the person; the old number no longer names them. A contact already known under the new
    /// number is merged in. Replies on `channel` go to `replyAddress` from now on. False if the old number is unknown.
    func changePhone(from oldPhone: String, to newPhone: String, channel: ChannelKind, replyAddress: String)
        async throws -> Bool

    /// Puts one message in a contact's outbox outside any turn (a re-engagement template, later an operator's
    /// message), to its current reply address. With `unlessSince`, nothing is added when the contact already has
    /// an outbound message of that kind created at or after that moment. Returns the new message's id, or nil.
    @discardableResult
    func enqueueOutbound(_ draft: OutboundDraft, contactID: Int64, now: Date, unlessSince: Date?) async throws
        -> Int64?

    /// What the model remembered about the contact (`remember_fact`), oldest first.
    func facts(contactID: Int64) async throws -> [ContactFact]

    /// Hands the contact to a person since `at` (with a reason), or gives them back to the bot (`reason` nil):
    /// while handed off, the bot stays silent for them. False if there is no such contact.
    @discardableResult
    func setHandoff(contactID: Int64, reason: String?, at: Date) async throws -> Bool

    /// Forgets the contact's memory: later turns see no message up to now, and no fact. The messages stay for
    /// the record (the dashboard). False if there is no such contact.
    @discardableResult
    func clearMemory(contactID: Int64) async throws -> Bool

    /// Deletes the contact and everything of theirs (messages, turns, facts): a data-protection request.
    /// False if there is no such contact.
    @discardableResult
    func deleteContact(contactID: Int64) async throws -> Bool

    /// Keeps what a voice note said: `media` (its transcript included) replaces the message's media, and the
    /// transcript becomes its text, which memory reads.
    func recordTranscript(messageID: Int64, media: MediaAttachment) async throws

    /// The message a channel knows by `providerMessageID`, if any.
    func message(channel: ChannelKind, providerMessageID: String) async throws -> StoredMessage?

    func contact(id: Int64) async throws -> Contact?
    func messages(contactID: Int64) async throws -> [StoredMessage]
    /// A window of the contact's messages, in id order.
    func messages(contactID: Int64, window: MessageWindow) async throws -> [StoredMessage]
    func stats() async throws -> StoreStats

    /// Answers quickly when the database is reachable and writable enough to serve; throws otherwise.
    func checkHealth() async throws
}

extension ConversationStore {
    /// Records a status that carries no detail beyond its code.
    public func recordDeliveryStatus(
        channel: ChannelKind, providerMessageID: String, status: MessageStatus, errorCode: String?, optedOut: Bool,
        at: Date
    ) async throws -> Bool {
        try await recordDeliveryStatus(
            channel: channel, providerMessageID: providerMessageID, status: status, errorCode: errorCode,
            errorDetail: nil, optedOut: optedOut, at: at)
    }

    /// Completes the turn and leaves every reply to the outbox.
    public func completeTurn(_ claim: TurnClaim, outcome: TurnOutcome, now: Date) async throws {
        try await completeTurn(claim, outcome: outcome, now: now, firstReply: nil)
    }
}

/// Who would send a turn's first reply at once, and under what lease.
public struct SendClaimRequest: Sendable, Equatable {
    public var owner: String
    public var channels: Set<ChannelKind>
    public var leaseDuration: Duration

    public init(owner: String, channels: Set<ChannelKind>, leaseDuration: Duration) {
        self.owner = owner
        self.channels = channels
        self.leaseDuration = leaseDuration
    }
}

/// How long a contact's burst of messages is gathered before its turn runs.
public struct TurnSchedule: Sendable, Equatable {
    /// Quiet time after the last message before the turn starts.
    public var debounce: Duration
    /// The longest a first message waits, however fast the contact keeps typing.
    public var maxWait: Duration

    public init(debounce: Duration, maxWait: Duration) {
        self.debounce = debounce
        self.maxWait = max(maxWait, debounce)
    }

    public static let immediate = TurnSchedule(debounce: .zero, maxWait: .zero)
}

/// What ingesting a message did.
public enum IngestResult: Sendable, Equatable {
    case stored(messageID: Int64, contactID: Int64)
    /// The provider delivered this id before: nothing changed.
    case duplicate(messageID: Int64)
}

/// An outbound message handed to one sender under a lease.
public struct OutboundClaim: Sendable, Equatable {
    public var envelope: OutboundEnvelope
    public var channel: ChannelKind
    /// Attempts so far, this one included.
    public var attempt: Int
    public var lease: Lease
    /// Set when an earlier worker started this send at that moment and died before recording its outcome:
    /// the provider may already have it, so it is looked up there before any resend.
    public var recoveringSince: Date?

    public init(
        envelope: OutboundEnvelope, channel: ChannelKind, attempt: Int, lease: Lease, recoveringSince: Date? = nil
    ) {
        self.envelope = envelope
        self.channel = channel
        self.attempt = attempt
        self.lease = lease
        self.recoveringSince = recoveringSince
    }
}

/// The outbox's verdict on one send.
public enum SendRecord: Sendable, Equatable {
    case sent(providerMessageID: String)
    /// Refused for good. `optedOut` also opts the contact out and cancels its other unsent messages.
    case failed(code: String?, reason: String, optedOut: Bool)
    case retry(at: Date, reason: String)
    /// The outcome is not known yet: the message stays in flight and is looked up at the provider at `at`.
    case recheck(at: Date, reason: String)
    case unknown(reason: String)
}

/// Errors any store may throw.
public enum StorageError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The lease expired and another worker owns the work now: the caller must stop and write nothing.
    case leaseLost
    case unavailable(String)

    public var description: String {
        switch self {
        case .leaseLost: "the lease on this work was lost to another worker"
        case .unavailable(let detail): "storage unavailable: \(detail)"
        }
    }
}

/// Counters for `/stats`.
public struct StoreStats: Sendable, Equatable, Codable {
    public var contacts: Int = 0
    public var messagesIn: Int = 0
    public var messagesOut: Int = 0
    public var turns: Int = 0
    public var turnsAnswered: Int = 0
    public var turnsFailed: Int = 0
    /// Tokens by the model that used them, for the estimated cost.
    public var tokensByModel: [String: TokenUsage] = [:]
    /// Answered turns by the provider that answered (a fallback chain records the one that did).
    public var turnsByProvider: [String: Int] = [:]
    public var sendFailures: Int = 0
    /// Failed sends by the provider's error code (e.g. Meta `131047`: outside the 24-hour window).
    public var sendFailuresByCode: [String: Int] = [:]
    public var sendsUnknown: Int = 0
    public var inputTokens: Int = 0
    public var outputTokens: Int = 0
    public var pendingTurns: Int = 0
    public var pendingOutbound: Int = 0

    public init() {}
}

extension StoreStats {
    /// Answered turns grouped by provider: the same SQL in SQLite and PostgreSQL.
    public static let turnsByProviderSQL = """
        SELECT provider, COUNT(*) FROM turns WHERE status = 'answered' AND provider IS NOT NULL GROUP BY provider
        """

    /// Failed sends grouped by error code: the same SQL in SQLite and PostgreSQL.
    public static let failuresByCodeSQL = """
        SELECT error_code, COUNT(*) FROM messages
        WHERE direction = 'out' AND status IN ('failed', 'undelivered') AND error_code IS NOT NULL
        GROUP BY error_code
        """
}
