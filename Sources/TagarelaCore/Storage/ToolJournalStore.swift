import Foundation

/// The journal of calls of tools with a side effect: each call is recorded as in flight before it is made and its
/// result the moment it arrives, so a turn run again after a crash or a lost lease replays the result instead of
/// calling twice, and a call whose outcome never arrived is known to be unknown.
public protocol ToolJournalStore: Sendable {
    /// Records `entry` as in flight, only while `claim`'s lease holds (else `StorageError.leaseLost` and nothing is
    /// written). When an entry with the same fingerprint exists, records nothing and returns that entry.
    func beginToolCall(_ entry: ToolJournalEntry, claim: TurnClaim) async throws -> ToolJournalEntry?

    /// Records what the call `fingerprint` answered. Not fenced by the lease: the call was made, whoever holds the
    /// turn now, and a later run must find its result rather than an unknown outcome. An entry already finished
    /// keeps its first result.
    func finishToolCall(fingerprint: String, result: JSONValue, failed: Bool, at: Date) async throws

    /// The contact's entries, oldest first (the export, tests).
    func toolJournal(contactID: Int64) async throws -> [ToolJournalEntry]
}

/// One call of a tool with a side effect, as the journal keeps it.
public struct ToolJournalEntry: Sendable, Equatable {
    /// What makes it the same call: the turn (its first message), the tool and the canonical arguments.
    public var fingerprint: String
    /// Sent with the call (`Idempotency-Key`), so the other side can tell a repeat too.
    public var idempotencyKey: String
    public var contactID: Int64
    public var tool: String
    /// The arguments as canonical JSON text (sorted keys).
    public var arguments: String
    public var startedAt: Date
    /// What the call answered; nil while it is in flight.
    public var result: JSONValue?
    /// Whether the answer was an error.
    public var failed: Bool
    public var finishedAt: Date?

    public init(
        fingerprint: String, idempotencyKey: String, contactID: Int64, tool: String, arguments: String,
        startedAt: Date, result: JSONValue? = nil, failed: Bool = false, finishedAt: Date? = nil
    ) {
        self.fingerprint = fingerprint
        self.idempotencyKey = idempotencyKey
        self.contactID = contactID
        self.tool = tool
        self.arguments = arguments
        self.startedAt = startedAt
        self.result = result
        self.failed = failed
        self.finishedAt = finishedAt
    }

    /// Started and never finished: the run that made it died or lost its turn while waiting for the answer.
    public var isInFlight: Bool { finishedAt == nil }
}
