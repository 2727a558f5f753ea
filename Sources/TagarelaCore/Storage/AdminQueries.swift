import Foundation

/// What the dashboard and the admin API read beyond the conversation itself: the contact list, a contact's
/// turns, activity per day, reply times, and the retention purge.
public protocol AdminQueries: Sendable {
    /// One page of contacts, the most recently active first.
    func contacts(_ query: ContactListQuery) async throws -> [ContactSummary]

    /// The contact an identity key names (`local:playground-…`, `phone:+55…`), by its index.
    func contact(identityKey: String) async throws -> Contact?

    /// A contact's turns from the one numbered `firstID` on, oldest first: who answered, with what, how fast.
    func turns(contactID: Int64, from firstID: Int64) async throws -> [TurnSummary]

    /// Messages and turns per day since `since`, days counted in a zone `utcOffset` seconds from UTC.
    func activity(since: Date, utcOffset: Int) async throws -> [DailyActivity]

    /// How long each turn answered since `since` took, in milliseconds (from claim to reply).
    func replyLatencies(since: Date) async throws -> [Double]

    /// Deletes messages, finished turns and media older than `cutoff`; what still waits to be sent or answered
    /// stays.
    func purge(olderThan cutoff: Date) async throws -> PurgeCounts

    /// Replies sent and failed per channel since `since`: how each channel is doing.
    func sendHealth(since: Date) async throws -> [ChannelKind: SendHealth]

    /// Gives back to the bot every contact handed to a person before `cutoff` with no message either way since
    /// then (`HANDOFF_AUTO_RESUME_MINUTES`); returns their ids.
    func resumeIdleHandoffs(idleSince cutoff: Date) async throws -> [Int64]
}

/// A filter and a page of the contact list.
public struct ContactListQuery: Sendable, Equatable {
    /// Matches the name, the number, the id (or local id), or the text of any message; nil or empty lists
    /// everyone.
    public var search: String?
    /// Only the contacts waiting for a person.
    public var waitingForHuman: Bool
    public var limit: Int
    public var offset: Int

    public init(search: String? = nil, waitingForHuman: Bool = false, limit: Int = 50, offset: Int = 0) {
        self.search = search.flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 }
        self.waitingForHuman = waitingForHuman
        self.limit = max(1, min(limit, 500))
        self.offset = max(0, offset)
    }

    /// The search as a `LIKE` pattern (`%`, `_` and `\` escaped with `\`), or nil.
    public var likePattern: String? {
        search.map { term in
            var escaped = ""
            for character in term {
                if character == "%" || character == "_" || character == "\\" { escaped.append("\\") }
                escaped.append(character)
            }
            return "%\(escaped)%"
        }
    }
}

/// A contact in the list, with their newest message.
public struct ContactSummary: Sendable, Equatable {
    public var contact: Contact
    public var lastText: String?
    public var lastMessageAt: Date?

    public init(contact: Contact, lastText: String?, lastMessageAt: Date?) {
        self.contact = contact
        self.lastText = lastText
        self.lastMessageAt = lastMessageAt
    }
}

/// One turn as recorded.
public struct TurnSummary: Sendable, Equatable {
    public var id: Int64
    public var status: String
    public var startedAt: Date
    public var provider: String?
    public var model: String?
    public var inputTokens: Int
    public var outputTokens: Int
    public var latencyMilliseconds: Double?
    public var note: String?
    /// The tools called, as stored (JSON).
    public var toolCalls: String?
    /// Transcription and speech figures, as stored (JSON).
    public var voice: String?
    /// The knowledge base's passages the model was given, as stored (JSON).
    public var knowledge: String?

    public init(
        id: Int64, status: String, startedAt: Date, provider: String?, model: String?, inputTokens: Int,
        outputTokens: Int, latencyMilliseconds: Double?, note: String?, toolCalls: String?, voice: String?,
        knowledge: String? = nil
    ) {
        self.knowledge = knowledge
        self.id = id
        self.status = status
        self.startedAt = startedAt
        self.provider = provider
        self.model = model
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        self.latencyMilliseconds = latencyMilliseconds
        self.note = note
        self.toolCalls = toolCalls
        self.voice = voice
    }
}

/// One day's traffic.
public struct DailyActivity: Sendable, Equatable {
    /// Days since 1970-01-01 in the zone asked for.
    public var day: Int
    public var inbound: Int
    public var outbound: Int
    /// Turns that asked a model: answered, failed or timed out.
    public var turns: Int
    /// Of those, the ones whose contact got the fallback (failed or timed out).
    public var failedTurns: Int

    public init(day: Int, inbound: Int = 0, outbound: Int = 0, turns: Int = 0, failedTurns: Int = 0) {
        self.day = day
        self.inbound = inbound
        self.outbound = outbound
        self.turns = turns
        self.failedTurns = failedTurns
    }

    /// Merges the message counts and the turn counts the stores read separately, one entry per day, in order.
    public static func merge(
        messages: [(day: Int, inbound: Int, outbound: Int)], turns: [(day: Int, total: Int, failed: Int)]
    ) -> [DailyActivity] {
        var days: [Int: DailyActivity] = [:]
        for row in messages {
            days[row.day, default: DailyActivity(day: row.day)].inbound += row.inbound
            days[row.day, default: DailyActivity(day: row.day)].outbound += row.outbound
        }
        for row in turns {
            days[row.day, default: DailyActivity(day: row.day)].turns += row.total
            days[row.day, default: DailyActivity(day: row.day)].failedTurns += row.failed
        }
        return days.values.sorted { $0.day < $1.day }
    }
}

/// How one channel's sends went.
public struct SendHealth: Sendable, Equatable {
    /// Taken by the provider (sent, delivered, read or played).
    public var sent: Int
    /// Refused or lost (failed, undelivered, or an outcome nobody could learn).
    public var failed: Int

    public init(sent: Int = 0, failed: Int = 0) {
        self.sent = sent
        self.failed = failed
    }

    /// Statuses that count as taken, and as failed, in the stores' queries.
    public static let sentStatuses = ["sent", "delivered", "read", "played"]
    public static let failedStatuses = ["failed", "undelivered", "unknown"]
}

/// What a retention purge deleted.
public struct PurgeCounts: Sendable, Equatable {
    public var messages: Int
    public var turns: Int
    public var media: Int

    public init(messages: Int = 0, turns: Int = 0, media: Int = 0) {
        self.messages = messages
        self.turns = turns
        self.media = media
    }
}

extension AdminQueries {
    /// All of a contact's turns, oldest first (an export; pages read from a turn on).
    public func turns(contactID: Int64) async throws -> [TurnSummary] {
        try await turns(contactID: contactID, from: 0)
    }
}
