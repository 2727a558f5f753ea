import Foundation

/// A turn's journal of calls of tools with a side effect: each call is recorded as in flight before it is made (with
/// the `Idempotency-Key` it sends) and its result as soon as it arrives, so a turn run again after a crash or a lost
/// lease replays the result instead of calling twice, and a call whose result never came is reported as unknown.
///
/// "The same call" across runs is the same tool with the same canonical arguments in the same turn. A turn taken
/// over gets a new id and the model is asked again (its call ids may differ), but it answers the same messages: the
/// turn is named by its first message, which every run of it shares (later messages only join it).
public struct ToolJournal: Sendable {
    let store: any ToolJournalStore & ToolConfirmationStore
    /// The turn, whose lease fences every write of the journal.
    let claim: TurnClaim
    let timeSource: any TimeSource
    /// How long a held call waits for the contact's yes (`TOOL_CONFIRM_SECONDS`).
    let confirmWindow: Duration
    /// The question the contact is asked about a held call; `{tool}`, `{description}`, `{arguments}` and
    /// `{minutes}` are replaced.
    let question: String

    public init(
        store: any ToolJournalStore & ToolConfirmationStore, claim: TurnClaim, timeSource: any TimeSource,
        confirmWindow: Duration, question: String
    ) {
        self.store = store
        self.claim = claim
        self.timeSource = timeSource
        self.confirmWindow = confirmWindow
        self.question = question
    }

    /// The turn as every run of it names it: its first message.
    var turn: Int64 { claim.messages.map(\.id).min() ?? 0 }

    /// What makes a call the same call in every run of this turn.
    func fingerprint(_ tool: String, _ arguments: JSONValue) -> String {
        StableHash.sha256Hex("\(claim.contact.id)\n\(turn)\n\(tool)\n\(arguments.jsonText)")
    }

    /// Runs `perform` once for `fingerprint`: recorded as in flight first, its result recorded when it arrives. A
    /// call already recorded is not made again: its result is replayed, or, never finished, reported as unknown.
    func once(
        tool: String, arguments: JSONValue, fingerprint: String,
        perform: @Sendable (_ idempotencyKey: String) async -> Ran
    ) async -> Ran {
        let entry = ToolJournalEntry(
            fingerprint: fingerprint, idempotencyKey: UUID().uuidString.lowercased(), contactID: claim.contact.id,
            tool: tool, arguments: arguments.jsonText, startedAt: timeSource.now())
        let existing: ToolJournalEntry?
        do {
            existing = try await store.beginToolCall(entry, claim: claim)
        } catch {
            // Without the record the call could happen twice: it is not made.
            return Ran(refusal: "the call could not be recorded, so it was not made (\(error)); try again later")
        }
        if let existing {
            guard let result = existing.result else {
                return Ran(refusal: Self.unknownOutcome, note: .unknown)
            }
            return Ran(
                output: ToolOutput(result: result), failure: existing.failed ? "replayed error" : nil, note: .replayed)
        }
        let ran = await perform(entry.idempotencyKey)
        // An interrupted call stays in flight: its outcome is unknown, and a run after it must say so.
        guard !ran.interrupted else { return ran }
        // Kept even if this run has lost its turn: the call was made, and a run after it must know its result. A
        // failure to record it leaves the entry in flight, which a later run reports as unknown: never a repeat.
        try? await store.finishToolCall(
            fingerprint: fingerprint, result: ran.output.result, failed: ran.failure != nil, at: timeSource.now())
        return ran
    }

    /// What the model is told of a call started by an earlier run of the turn that never recorded its result.
    static let unknownOutcome =
        "this call was already started earlier in this turn, before an interruption, and its outcome is unknown: "
        + "it may or may not have happened. Do not assume it happened or not and do not call it again; tell the "
        + "contact you could not confirm whether it was done and that it will be checked."
}
