import Foundation
import TagarelaCore
import Testing

/// The slow-reply notice a running turn queues, the same on every store: once across attempts at the same
/// messages, under the turn's lease, and again for the contact's next turn.
@Suite("Storage: a notice while a turn runs", .timeLimit(.minutes(3)))
struct StoreTurnNoticeTests {
    func claim(_ store: any ConversationStore, at date: Date, owner: String) async throws -> TurnClaim {
        try #require(
            try await store.claimTurns(
                owner: owner, channels: Fixture.twilio, now: date, leaseDuration: .seconds(30), limit: 1
            ).first)
    }

    func outbound(_ store: any ConversationStore, contactID: Int64) async throws -> [StoredMessage] {
        try await store.messages(contactID: contactID).filter { $0.direction == .outbound }
    }

    @Test(arguments: StoreKind.allCases)
    func aNoticeIsQueuedOnceAcrossAttemptsAndBeforeTheAnswer(kind: StoreKind) async throws {
        let store = try kind.make()
        let t0 = Fixture.start
        _ = try await store.ingest(Fixture.text("Oi"), at: t0, schedule: .immediate)
        let first = try await claim(store, at: t0, owner: "w1")
        #expect(try await store.queueTurnNotice("Só um instante…", claim: first, now: t0.addingTimeInterval(10)))
        #expect(!(try await store.queueTurnNotice("Só um instante…", claim: first, now: t0.addingTimeInterval(11))))
        // The first worker died; the next attempt, with a message that came meanwhile, says nothing again.
        _ = try await store.ingest(Fixture.text("alô?"), at: t0.addingTimeInterval(20), schedule: .immediate)
        let second = try await claim(store, at: t0.addingTimeInterval(31), owner: "w2")
        #expect(second.turnID != first.turnID && second.messages.compactMap(\.text) == ["Oi", "alô?"])
        #expect(!(try await store.queueTurnNotice("Só um instante…", claim: second, now: t0.addingTimeInterval(41))))
        // The dead worker's lease is fenced off.
        await #expect(throws: StorageError.leaseLost) {
            try await store.queueTurnNotice("Só um instante…", claim: first, now: t0.addingTimeInterval(42))
        }
        try await store.completeTurn(second, outcome: Fixture.answered(["Olá!"]), now: t0.addingTimeInterval(45))
        let sent = try await outbound(store, contactID: first.contact.id)
        #expect(sent.compactMap(\.text) == ["Só um instante…", "Olá!"])
        #expect(sent.first?.kind == MessageKind(rawValue: OutboundKind.notice.rawValue))
        #expect(sent.first?.turnID == first.turnID && sent.first?.status == .pending)

        // The contact's next turn may be slow too.
        _ = try await store.ingest(Fixture.text("e agora?"), at: t0.addingTimeInterval(60), schedule: .immediate)
        let next = try await claim(store, at: t0.addingTimeInterval(60), owner: "w2")
        #expect(try await store.queueTurnNotice("Só um instante…", claim: next, now: t0.addingTimeInterval(70)))
        #expect(try await outbound(store, contactID: first.contact.id).count == 3)
    }
}
