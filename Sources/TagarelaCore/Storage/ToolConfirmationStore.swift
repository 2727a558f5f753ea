import Foundation

/// Calls of tools marked `confirm` held until the contact says yes: at most one undecided call per contact, decided
/// once by the turn that answers the contact's next message.
public protocol ToolConfirmationStore: Sendable {
    /// Holds `call`, only while `claim`'s lease holds (else `StorageError.leaseLost`). It replaces the contact's
    /// undecided held call; a call with the same fingerprint already held stays as it was (a turn run again).
    func holdToolCall(_ call: HeldToolCall, claim: TurnClaim) async throws

    /// The held call the turn starting at message `turn` decided (a turn run again finds its own decision), else the
    /// contact's undecided one; nil when there is neither.
    func heldToolCall(contactID: Int64, decidedBy turn: Int64) async throws -> HeldToolCall?

    /// Records the decision of the turn starting at message `turn` about the held call `fingerprint`, only while
    /// `claim`'s lease holds (else `StorageError.leaseLost`). A call another turn decided keeps its decision.
    func decideHeldToolCall(fingerprint: String, released: Bool, turn: Int64, claim: TurnClaim, at: Date)
        async throws

    /// The contact's held calls, decided or not, oldest first (the export, tests).
    func heldToolCalls(contactID: Int64) async throws -> [HeldToolCall]
}

/// A call waiting for the contact's yes, and what became of it.
public struct HeldToolCall: Sendable, Equatable {
    /// The journal fingerprint the call runs under once released: the call as the holding turn made it.
    public var fingerprint: String
    public var contactID: Int64
    /// The first message of the turn that held it.
    public var turn: Int64
    public var tool: String
    /// The arguments as canonical JSON text (sorted keys).
    public var arguments: String
    public var heldAt: Date
    /// A yes after this moment does not release it.
    public var expiresAt: Date
    /// The first message of the turn that decided it; nil while undecided.
    public var decidedBy: Int64?
    /// Whether that turn released it (a clear yes in time) or cancelled it.
    public var released: Bool
    public var decidedAt: Date?

    public init(
        fingerprint: String, contactID: Int64, turn: Int64, tool: String, arguments: String, heldAt: Date,
        expiresAt: Date,
        decidedBy: Int64? = nil, released: Bool = false, decidedAt: Date? = nil
    ) {
        self.fingerprint = fingerprint
        self.contactID = contactID
        self.turn = turn
        self.tool = tool
        self.arguments = arguments
        self.heldAt = heldAt
        self.expiresAt = expiresAt
        self.decidedBy = decidedBy
        self.released = released
        self.decidedAt = decidedAt
    }
}
