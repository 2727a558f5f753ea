import Foundation

/// A function the model may call during a turn. Tools do not write: what they change is returned as
/// `ToolEffect`s and stored with the turn, in the transaction that checks its lease, so a turn that is
/// lost and run again changes nothing twice.
public protocol Tool: Sendable {
    var definition: ToolDefinition { get }
    /// What a call does beyond answering (the built-in tools only read, or return `ToolEffect`s).
    var kind: ToolKind { get }
    /// Answers one call. A thrown error becomes `{"error": "…"}` for the model; it never fails the turn.
    func run(_ arguments: JSONValue, context: ToolContext) async throws -> ToolOutput
}

extension Tool {
    public var kind: ToolKind { .readOnly }
}

/// Whether calling a tool changes something outside Tagarela (an order cancelled, a slot booked). Such a call
/// must happen once however often a turn runs, and may first need the contact's yes.
public enum ToolKind: Sendable, Equatable {
    /// Answers from what exists; calling it twice changes nothing.
    case readOnly
    /// Changes something elsewhere; with `confirm`, only after the contact agreed to exactly this call.
    case sideEffect(confirm: Bool)
}

/// What a tool sees of the turn: the contact, what is remembered about them, and this turn's effects so far.
public struct ToolContext: Sendable {
    public var contact: Contact
    public var facts: [ContactFact]
    public var effects: [ToolEffect] = []
    public var now: Date
    /// For a call of a tool with a side effect: the key of its journal entry, which the tool sends as the request's
    /// `Idempotency-Key` so the other side can tell a repeat; nil for read-only calls.
    public var idempotencyKey: String?
    /// The turn's journal, through which calls of tools with a side effect run; nil outside a stored turn (a call
    /// tried from the terminal), where they simply run.
    public var journal: ToolJournal?
    /// A call of this turn already waits for the contact's yes: a second one is refused (the contact answers one
    /// question at a time).
    public var holdsCall = false
    /// The calls this turn made before this one, for limits on calls per turn and per day.
    public var calls: [ToolCallRecord] = []

    public init(
        contact: Contact, facts: [ContactFact], effects: [ToolEffect] = [], now: Date, idempotencyKey: String? = nil,
        calls: [ToolCallRecord] = []
    ) {
        self.calls = calls
        self.contact = contact
        self.facts = facts
        self.effects = effects
        self.now = now
        self.idempotencyKey = idempotencyKey
    }

    /// Facts as they will be once this turn's effects are stored: saved ones minus forgotten, plus new texts.
    public var factTexts: [String] {
        var forgotten: Set<Int64> = []
        var added: [String] = []
        for effect in effects {
            switch effect {
            case .forgetFact(let id): forgotten.insert(id)
            case .rememberFact(let text): added.append(text)
            case .unrememberFact(let text): added.removeAll { $0 == text }
            case .handoff, .replyMode: break
            }
        }
        return facts.filter { !forgotten.contains($0.id) }.map(\.text) + added
    }
}

/// What one call answered, and what it changes once the turn is stored.
public struct ToolOutput: Sendable, Equatable {
    public var result: JSONValue
    public var effects: [ToolEffect]
    /// The turn ends after this round with this notice instead of another model call (a handoff to a person).
    public var endsTurnWith: String?
    /// Files to send after the answer, each its own message (photos from the catalogue).
    public var attachments: [OutboundDraft]
    /// The question Tagarela itself sends the contact after the answer: a call held for their yes.
    public var confirmation: String?
    /// The HTTP status an outside service answered, kept in the call's record.
    public var status: Int?

    public init(
        result: JSONValue, effects: [ToolEffect] = [], endsTurnWith: String? = nil, attachments: [OutboundDraft] = [],
        confirmation: String? = nil, status: Int? = nil
    ) {
        self.status = status
        self.confirmation = confirmation
        self.result = result
        self.effects = effects
        self.endsTurnWith = endsTurnWith
        self.attachments = attachments
    }
}

/// A change a tool makes to the contact, applied when the turn completes.
public enum ToolEffect: Sendable, Equatable {
    case rememberFact(String)
    case forgetFact(id: Int64)
    /// Takes back a fact remembered earlier in the same turn (it has no id yet).
    case unrememberFact(String)
    /// The contact needs a person: the bot stays silent for them until an operator resumes it.
    case handoff(reason: String)
    /// The contact asked to be answered by voice or in text (nil: as the settings say).
    case replyMode(ReplyMode?)
}

/// A tool's refusal, worded for the model.
public struct ToolError: Error, Sendable, Equatable, CustomStringConvertible {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}

/// A durable note about a contact that the model saved (`remember_fact`) and sees in every later turn.
public struct ContactFact: Sendable, Equatable, Identifiable, Codable {
    public var id: Int64
    public var text: String
    public var createdAt: Date

    public init(id: Int64, text: String, createdAt: Date) {
        self.id = id
        self.text = text
        self.createdAt = createdAt
    }
}
