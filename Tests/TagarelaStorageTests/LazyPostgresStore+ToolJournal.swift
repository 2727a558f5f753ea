import Foundation
import TagarelaCore
import TagarelaPostgres

extension LazyPostgresStore {
    func beginToolCall(_ entry: ToolJournalEntry, claim: TurnClaim) async throws -> ToolJournalEntry? {
        try await store.beginToolCall(entry, claim: claim)
    }

    func finishToolCall(fingerprint: String, result: JSONValue, failed: Bool, at: Date) async throws {
        try await store.finishToolCall(fingerprint: fingerprint, result: result, failed: failed, at: at)
    }

    func toolJournal(contactID: Int64) async throws -> [ToolJournalEntry] {
        try await store.toolJournal(contactID: contactID)
    }

    func holdToolCall(_ call: HeldToolCall, claim: TurnClaim) async throws {
        try await store.holdToolCall(call, claim: claim)
    }

    func heldToolCall(contactID: Int64, decidedBy turn: Int64) async throws -> HeldToolCall? {
        try await store.heldToolCall(contactID: contactID, decidedBy: turn)
    }

    func decideHeldToolCall(fingerprint: String, released: Bool, turn: Int64, claim: TurnClaim, at: Date)
        async throws
    {
        try await store.decideHeldToolCall(
            fingerprint: fingerprint, released: released, turn: turn, claim: claim, at: at)
    }

    func heldToolCalls(contactID: Int64) async throws -> [HeldToolCall] {
        try await store.heldToolCalls(contactID: contactID)
    }
}
