import Foundation
import TagarelaCore
import Testing

/// The journal of side-effect calls and the calls held for the contact's yes, the same on every store: recorded once,
/// results kept, every start, hold and decision fenced by the turn's lease, gone with the contact and with age.
@Suite("Storage: the tool journal and held calls", .timeLimit(.minutes(3)))
struct StoreToolJournalTests {
    static func claim(_ store: any ConversationStore, owner: String = "w", at offset: TimeInterval = 0) async throws
        -> TurnClaim
    {
        _ = try await store.ingest(Fixture.text("cancela o pedido"), at: Fixture.start, schedule: .immediate)
        return try #require(
            try await store.claimTurns(
                owner: owner, channels: Fixture.twilio, now: Fixture.start.addingTimeInterval(offset),
                leaseDuration: .seconds(30), limit: 1
            ).first)
    }

    static func entry(_ fingerprint: String, contactID: Int64, at offset: TimeInterval = 0) -> ToolJournalEntry {
        ToolJournalEntry(
            fingerprint: fingerprint, idempotencyKey: "key-\(fingerprint)", contactID: contactID, tool: "cancel_order",
            arguments: #"{"order":"123"}"#, startedAt: Fixture.start.addingTimeInterval(offset))
    }

    static func held(_ fingerprint: String, contactID: Int64, turn: Int64 = 1, at offset: TimeInterval = 0)
        -> HeldToolCall
    {
        HeldToolCall(
            fingerprint: fingerprint, contactID: contactID, turn: turn, tool: "cancel_order",
            arguments: #"{"order":"123"}"#, heldAt: Fixture.start.addingTimeInterval(offset),
            expiresAt: Fixture.start.addingTimeInterval(offset + 600))
    }

    @Test(arguments: StoreKind.allCases)
    func aCallIsRecordedOnceAndItsFirstResultKept(kind: StoreKind) async throws {
        let store = try kind.make()
        let claim = try await Self.claim(store)
        let entry = Self.entry("f1", contactID: claim.contact.id)
        #expect(try await store.beginToolCall(entry, claim: claim) == nil)
        // A second start of the same call finds it in flight, with the key the first start recorded.
        var again = entry
        again.idempotencyKey = "another"
        let inFlight = try #require(try await store.beginToolCall(again, claim: claim))
        #expect(inFlight == entry && inFlight.isInFlight)
        let done = Fixture.start.addingTimeInterval(2)
        try await store.finishToolCall(fingerprint: "f1", result: ["cancelled": true], failed: false, at: done)
        try await store.finishToolCall(fingerprint: "f1", result: ["error": "late"], failed: true, at: done + 1)
        let finished = try #require(try await store.beginToolCall(again, claim: claim))
        #expect(finished.result == ["cancelled": true] && !finished.failed && finished.finishedAt == done)
        #expect(
            try await store.beginToolCall(Self.entry("f2", contactID: claim.contact.id, at: 1), claim: claim) == nil)
        #expect(try await store.toolJournal(contactID: claim.contact.id).map(\.fingerprint) == ["f1", "f2"])
        #expect(try await store.toolJournal(contactID: claim.contact.id + 1).isEmpty)
    }

    @Test(arguments: StoreKind.allCases)
    func aLostLeaseStartsHoldsAndDecidesNothingButAResultIsStillKept(kind: StoreKind) async throws {
        let store = try kind.make()
        let stale = try await Self.claim(store, owner: "dead")
        let id = stale.contact.id
        #expect(try await store.beginToolCall(Self.entry("f1", contactID: id), claim: stale) == nil)
        try await store.holdToolCall(Self.held("h1", contactID: id), claim: stale)
        let alive = try #require(
            try await store.claimTurns(
                owner: "alive", channels: Fixture.twilio, now: Fixture.start.addingTimeInterval(31),
                leaseDuration: .seconds(30), limit: 1
            ).first)
        await #expect(throws: StorageError.leaseLost) {
            try await store.beginToolCall(Self.entry("f2", contactID: id), claim: stale)
        }
        await #expect(throws: StorageError.leaseLost) {
            try await store.holdToolCall(Self.held("h2", contactID: id), claim: stale)
        }
        await #expect(throws: StorageError.leaseLost) {
            try await store.decideHeldToolCall(fingerprint: "h1", released: true, turn: 9, claim: stale, at: .now)
        }
        #expect(try await store.toolJournal(contactID: id).map(\.fingerprint) == ["f1"])
        #expect(try await store.heldToolCalls(contactID: id).map(\.decidedBy) == [nil])
        // The call the dead worker made did happen: its answer is kept for the worker that took over.
        try await store.finishToolCall(fingerprint: "f1", result: ["ok": true], failed: false, at: Fixture.start)
        #expect(try await store.beginToolCall(Self.entry("f1", contactID: id), claim: alive)?.result == ["ok": true])
    }

    @Test(arguments: StoreKind.allCases)
    func aContactHasOneUndecidedHeldCallDecidedOnce(kind: StoreKind) async throws {
        let store = try kind.make()
        let claim = try await Self.claim(store)
        let id = claim.contact.id
        try await store.holdToolCall(Self.held("h1", contactID: id), claim: claim)
        #expect(try await store.heldToolCall(contactID: id, decidedBy: 0)?.fingerprint == "h1")
        // Held again by a run of the same turn: it stays as it was.
        try await store.holdToolCall(Self.held("h1", contactID: id, at: 5), claim: claim)
        #expect(try await store.heldToolCalls(contactID: id) == [Self.held("h1", contactID: id)])
        // Another call replaces the undecided one.
        try await store.holdToolCall(Self.held("h2", contactID: id, turn: 2, at: 10), claim: claim)
        #expect(try await store.heldToolCalls(contactID: id).map(\.fingerprint) == ["h2"])
        let decidedAt = Fixture.start.addingTimeInterval(20)
        try await store.decideHeldToolCall(fingerprint: "h2", released: true, turn: 7, claim: claim, at: decidedAt)
        // A later turn decides nothing again; the deciding turn, run again, finds its own decision.
        try await store.decideHeldToolCall(fingerprint: "h2", released: false, turn: 8, claim: claim, at: decidedAt)
        #expect(try await store.heldToolCall(contactID: id, decidedBy: 8) == nil)
        let decided = try #require(try await store.heldToolCall(contactID: id, decidedBy: 7))
        #expect(decided.decidedBy == 7 && decided.released && decided.decidedAt == decidedAt && decided.turn == 2)
        // A new hold leaves the decided call as the record of what happened.
        try await store.holdToolCall(Self.held("h3", contactID: id, turn: 3, at: 30), claim: claim)
        #expect(try await store.heldToolCalls(contactID: id).map(\.fingerprint) == ["h2", "h3"])
        #expect(try await store.heldToolCall(contactID: id, decidedBy: 8)?.fingerprint == "h3")
        #expect(try await store.heldToolCall(contactID: id, decidedBy: 7)?.fingerprint == "h2")
    }

    @Test(arguments: StoreKind.allCases)
    func theJournalAndHeldCallsGoWithTheContactAndWithAge(kind: StoreKind) async throws {
        let store = try kind.make()
        let claim = try await Self.claim(store)
        let id = claim.contact.id
        _ = try await store.beginToolCall(Self.entry("old", contactID: id), claim: claim)
        _ = try await store.beginToolCall(Self.entry("new", contactID: id, at: 100), claim: claim)
        try await store.holdToolCall(Self.held("h-old", contactID: id), claim: claim)
        try await store.decideHeldToolCall(fingerprint: "h-old", released: false, turn: 5, claim: claim, at: .now)
        try await store.holdToolCall(Self.held("h-new", contactID: id, at: 100), claim: claim)
        _ = try await store.purge(olderThan: Fixture.start.addingTimeInterval(50))
        #expect(try await store.toolJournal(contactID: id).map(\.fingerprint) == ["new"])
        #expect(try await store.heldToolCalls(contactID: id).map(\.fingerprint) == ["h-new"])
        try await store.completeTurn(claim, outcome: Fixture.answered(["ok"]), now: Fixture.start)
        #expect(try await store.deleteContact(contactID: id))
        #expect(try await store.toolJournal(contactID: id).isEmpty)
        #expect(try await store.heldToolCalls(contactID: id).isEmpty)
    }
}
