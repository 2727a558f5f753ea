import Foundation

/// A turn handed to one worker: the contact, the inbound messages it answers, and the lease that fences it.
public struct TurnClaim: Sendable, Equatable {
    public var turnID: Int64
    public var contact: Contact
    /// The inbound messages this turn answers, in arrival order.
    public var messages: [StoredMessage]
    public var lease: Lease

    public init(turnID: Int64, contact: Contact, messages: [StoredMessage], lease: Lease) {
        self.turnID = turnID
        self.contact = contact
        self.messages = messages
        self.lease = lease
    }
}

/// Proof that a worker holds a piece of work. `token` grows with every claim, so a worker whose lease
/// expired and was taken over can no longer write (the fencing check).
public struct Lease: Sendable, Equatable {
    public var owner: String
    public var token: Int64
    public var expiresAt: Date

    public init(owner: String, token: Int64, expiresAt: Date) {
        self.owner = owner
        self.token = token
        self.expiresAt = expiresAt
    }
}

/// What a finished turn writes, in one transaction with the lease check.
public struct TurnOutcome: Sendable, Equatable {
    /// Messages to put in the outbox, in sending order.
    public var replies: [OutboundDraft]
    public var record: TurnRecord
    /// Opts the contact out (true) or back in (false); nil leaves it as it is.
    public var optOut: Bool?
    /// Set when the rate-limit notice went out, so the contact gets it once per window.
    public var rateLimitNoticeUntil: Date?
    /// Set when the token-budget notice went out, so the contact gets it once a day.
    public var budgetNoticeUntil: Date?
    /// What the model's tools changed (facts, a handoff), stored with the turn.
    public var effects: [ToolEffect]
    /// Queues a fold of the contact's messages through this id into their running summary, in the turn's
    /// transaction (the summary worker makes it after the turn); nil when the window still holds everything.
    public var foldThrough: Int64?

    public init(
        replies: [OutboundDraft], record: TurnRecord, optOut: Bool? = nil, rateLimitNoticeUntil: Date? = nil,
        budgetNoticeUntil: Date? = nil, effects: [ToolEffect] = [], foldThrough: Int64? = nil
    ) {
        self.effects = effects
        self.foldThrough = foldThrough
        self.replies = replies
        self.record = record
        self.optOut = optOut
        self.rateLimitNoticeUntil = rateLimitNoticeUntil
        self.budgetNoticeUntil = budgetNoticeUntil
    }
}

/// One outbound message before it has an id.
public struct OutboundDraft: Sendable, Equatable {
    public var kind: OutboundKind
    public var text: String
    /// A voice note's stored audio (`kind` is `.voice`); `text` is what it says.
    public var media: MediaAttachment?

    public init(kind: OutboundKind, text: String, media: MediaAttachment? = nil) {
        self.kind = kind
        self.text = text
        self.media = media
    }

    public static func reply(_ text: String) -> OutboundDraft { OutboundDraft(kind: .reply, text: text) }
    public static func notice(_ text: String) -> OutboundDraft { OutboundDraft(kind: .notice, text: text) }
}

/// How a turn went, kept for statistics and the dashboard.
public struct TurnRecord: Sendable, Equatable {
    public enum Status: String, Sendable, Equatable, Codable {
        /// The model answered.
        case answered
        /// A guard answered without the model (rate limit, too long, unsupported) or stayed silent on purpose.
        case skipped
        /// The model failed for good; the contact got the fallback text.
        case failed
        /// `REPLY_DEADLINE_SECONDS` passed before the reply was ready; the contact got the fallback text.
        case timedOut = "timed_out"

        /// A turn whose contact got the fallback instead of an answer: failed, or out of time.
        public var isFailure: Bool { self == .failed || self == .timedOut }
    }

    public var status: Status
    public var provider: String?
    public var model: String?
    public var usage: TokenUsage
    public var latency: Duration
    /// Why the turn was skipped or failed, for the operator (never shown to the contact).
    public var note: String?
    /// The tools the model called, in order.
    public var toolCalls: [ToolCallRecord]
    /// The voice notes heard (or not) for this turn.
    public var voice: [VoiceRecord] = []
    /// What the turn cost, where `LLM_PRICES` prices what it used.
    public var cost = TurnCost()
    /// The knowledge base's passages the model was given, best first.
    public var knowledge: [KnowledgeUse] = []
    /// What embedding the contact's question cost; its tokens are counted in `usage` too (the budgets count every
    /// token), and priced by the embedding model's own price.
    public var embedding: EmbeddingSpend?

    public init(
        status: Status, provider: String? = nil, model: String? = nil, usage: TokenUsage = .zero,
        latency: Duration = .zero, note: String? = nil, toolCalls: [ToolCallRecord] = []
    ) {
        self.toolCalls = toolCalls
        self.status = status
        self.provider = provider
        self.model = model
        self.usage = usage
        self.latency = latency
        self.note = note
    }
}

/// Tokens an embedding model was billed for.
public struct EmbeddingSpend: Sendable, Equatable {
    public var model: String
    public var tokens: Int

    public init(model: String, tokens: Int) {
        self.model = model
        self.tokens = tokens
    }
}

extension TurnRecord {
    /// The tool calls as the stores keep them: JSON text, nil when the turn called none.
    public var toolCallsJSON: String? { Self.storedJSON(toolCalls) }

    /// The voice records as the stores keep them: JSON text, nil when the turn heard none.
    public var voiceJSON: String? { Self.storedJSON(voice) }

    /// The passages as the stores keep them: JSON text, nil when the turn was given none.
    public var knowledgeJSON: String? { Self.storedJSON(knowledge) }

    /// A list as JSON text, nil when it is empty: a turn without calls, voice or passages stores NULL.
    static func storedJSON(_ values: [some Encodable]) -> String? {
        guard !values.isEmpty, let data = try? JSONEncoder().encode(values) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    /// Reads back what `toolCallsJSON` wrote; empty for nil or unreadable text.
    public static func toolCalls(fromJSON text: String?) -> [ToolCallRecord] {
        guard let text, let calls = try? JSONDecoder().decode([ToolCallRecord].self, from: Data(text.utf8)) else {
            return []
        }
        return calls
    }
}
