import Foundation

/// Durable storage of contacts, messages, the turn queue and the outbox: every role, as the SQLite and PostgreSQL stores
/// provide them. A consumer depends on the roles it uses, not on this.
///
/// The queue lives here and not in process memory, so that several instances can share one database:
/// every claim is an atomic write that hands a contact's work to exactly one owner under a lease,
/// and every write made on behalf of a claim checks the lease first (fencing).
public protocol ConversationStore:
    IntakeStore, TurnQueue, OutboxStore, ContactStore, MediaStore, StoreHealth, ProviderConversationStore, AdminQueries,
    AdminSessionStore, CatalogueStore, FileDeletionQueue, KnowledgeStore, MemorySummaryStore, ToolJournalStore,
    ToolConfirmationStore, WebhookOriginStore
{}

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
    /// Turns whose contact got the fallback: failed or timed out.
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
    /// What the recorded turns cost (`LLM_PRICES` at the time of each), in US dollars, and the part voice cost.
    public var costUSD: Double = 0
    public var audioCostUSD: Double = 0
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
