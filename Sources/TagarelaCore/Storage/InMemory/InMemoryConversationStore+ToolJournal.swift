import Foundation

/// `ToolJournalStore` and `ToolConfirmationStore`: side-effect calls and the calls held for the contact's yes.
extension InMemoryConversationStore {
    public func beginToolCall(_ entry: ToolJournalEntry, claim: TurnClaim) async throws -> ToolJournalEntry? {
        guard contacts[claim.contact.id]?.holds(claim.lease) == true else { throw StorageError.leaseLost }
        if let existing = journalRows.first(where: { $0.fingerprint == entry.fingerprint }) { return existing }
        var entry = entry
        entry.startedAt = entry.startedAt.asStored
        journalRows.append(entry)
        return nil
    }

    public func finishToolCall(fingerprint: String, result: JSONValue, failed: Bool, at: Date) async throws {
        guard let index = journalRows.firstIndex(where: { $0.fingerprint == fingerprint }),
            journalRows[index].isInFlight
        else { return }
        journalRows[index].result = result
        journalRows[index].failed = failed
        journalRows[index].finishedAt = at.asStored
    }

    public func toolJournal(contactID: Int64) async throws -> [ToolJournalEntry] {
        journalRows.filter { $0.contactID == contactID }
    }

    public func holdToolCall(_ call: HeldToolCall, claim: TurnClaim) async throws {
        guard contacts[claim.contact.id]?.holds(claim.lease) == true else { throw StorageError.leaseLost }
        if heldCallRows.contains(where: { $0.fingerprint == call.fingerprint }) { return }
        heldCallRows.removeAll { $0.contactID == call.contactID && $0.decidedBy == nil }
        var call = call
        call.heldAt = call.heldAt.asStored
        call.expiresAt = call.expiresAt.asStored
        heldCallRows.append(call)
    }

    public func heldToolCall(contactID: Int64, decidedBy turn: Int64) async throws -> HeldToolCall? {
        heldCallRows.last { $0.contactID == contactID && $0.decidedBy == turn }
            ?? heldCallRows.last { $0.contactID == contactID && $0.decidedBy == nil }
    }

    public func decideHeldToolCall(fingerprint: String, released: Bool, turn: Int64, claim: TurnClaim, at: Date)
        async throws
    {
        guard contacts[claim.contact.id]?.holds(claim.lease) == true else { throw StorageError.leaseLost }
        guard let index = heldCallRows.firstIndex(where: { $0.fingerprint == fingerprint && $0.decidedBy == nil })
        else { return }
        heldCallRows[index].decidedBy = turn
        heldCallRows[index].released = released
        heldCallRows[index].decidedAt = at.asStored
    }

    public func heldToolCalls(contactID: Int64) async throws -> [HeldToolCall] {
        heldCallRows.filter { $0.contactID == contactID }
    }
}
