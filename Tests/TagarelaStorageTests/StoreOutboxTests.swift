import Foundation
import TagarelaCore
import Testing

@Suite("Storage: the outbox")
struct StoreOutboxTests {
    /// A contact with one finished turn whose replies are in the outbox.
    func contactWithReplies(
        _ store: any ConversationStore, _ replies: [String], phone: String = "+5511988887777"
    ) async throws -> TurnClaim {
        _ = try await store.ingest(Fixture.text("Oi", from: phone), at: Fixture.start, schedule: .immediate)
        let turn = try #require(
            try await store.claimTurns(
                owner: "w", channels: Fixture.twilio, now: Fixture.start, leaseDuration: .seconds(30), limit: 1
            ).first)
        try await store.completeTurn(turn, outcome: Fixture.answered(replies), now: Fixture.start)
        return turn
    }

    func claimOut(_ store: any ConversationStore, at date: Date = Fixture.start) async throws -> [OutboundClaim] {
        try await store.claimOutbound(
            owner: "o", channels: Fixture.twilio, now: date, leaseDuration: .seconds(60), limit: 10)
    }

    @Test(arguments: StoreKind.allCases)
    func repliesLeaveInOrderOneAtATime(kind: StoreKind) async throws {
        let store = try kind.make()
        _ = try await contactWithReplies(store, ["parte 1", "parte 2", "parte 3"])
        var sent: [String] = []
        for index in 1...3 {
            let claims = try await claimOut(store)
            #expect(claims.count == 1)
            let claim = try #require(claims.first)
            #expect(claim.envelope.to == "whatsapp:+5511988887777")
            #expect(try await claimOut(store).isEmpty)
            try await store.recordSend(claim, result: .sent(providerMessageID: "SMout\(index)"), now: Fixture.start)
            sent.append(claim.envelope.text)
        }
        #expect(sent == ["parte 1", "parte 2", "parte 3"])
        #expect(try await claimOut(store).isEmpty)
        #expect(try await store.stats().pendingOutbound == 0)
    }

    @Test(arguments: StoreKind.allCases)
    func differentContactsSendInParallel(kind: StoreKind) async throws {
        let store = try kind.make()
        _ = try await contactWithReplies(store, ["a1", "a2"], phone: "+551100000001")
        _ = try await contactWithReplies(store, ["b1"], phone: "+551100000002")
        #expect(try await claimOut(store).map(\.envelope.text).sorted() == ["a1", "b1"])
    }

    @Test(arguments: StoreKind.allCases)
    func retryWaitsForItsTime(kind: StoreKind) async throws {
        let store = try kind.make()
        _ = try await contactWithReplies(store, ["r"])
        let claim = try #require(try await claimOut(store).first)
        #expect(claim.attempt == 1)
        try await store.recordSend(
            claim, result: .retry(at: Fixture.start.addingTimeInterval(10), reason: "429"), now: Fixture.start)
        #expect(try await claimOut(store, at: Fixture.start.addingTimeInterval(9)).isEmpty)
        #expect(try await store.nextOutboundDue(channels: Fixture.twilio) == Fixture.start.addingTimeInterval(10))
        let again = try #require(try await claimOut(store, at: Fixture.start.addingTimeInterval(10)).first)
        #expect(again.attempt == 2)
        #expect(again.recoveringSince == nil)
    }

    @Test(arguments: StoreKind.allCases)
    func interruptedSendIsRecoveredNotBlindlyResent(kind: StoreKind) async throws {
        let store = try kind.make()
        _ = try await contactWithReplies(store, ["r1", "r2"])
        let dead = try #require(try await claimOut(store).first)
        #expect(try await claimOut(store, at: Fixture.start.addingTimeInterval(59)).isEmpty)
        let recovered = try #require(try await claimOut(store, at: Fixture.start.addingTimeInterval(61)).first)
        #expect(recovered.envelope.messageID == dead.envelope.messageID)
        #expect(recovered.recoveringSince == Fixture.start)
        // The dead worker can no longer record anything but the truth that it was sent.
        await #expect(throws: StorageError.leaseLost) {
            try await store.recordSend(dead, result: .retry(at: Fixture.start, reason: "x"), now: Fixture.start)
        }
        try await store.recordSend(recovered, result: .unknown(reason: "cannot tell"), now: Fixture.start)
        let next = try #require(try await claimOut(store, at: Fixture.start.addingTimeInterval(62)).first)
        #expect(next.envelope.text == "r2")
        #expect(try await store.stats().sendsUnknown == 1)
    }

    @Test(arguments: StoreKind.allCases)
    func optOutCancelsWhatHasNotLeft(kind: StoreKind) async throws {
        let store = try kind.make()
        let turn = try await contactWithReplies(store, ["1", "2"])
        let claim = try #require(try await claimOut(store).first)
        try await store.recordSend(
            claim, result: .failed(code: "21610", reason: "unsubscribed", optedOut: true), now: Fixture.start)
        #expect(try await claimOut(store).isEmpty)
        let contact = try #require(try await store.contact(id: turn.contact.id))
        #expect(contact.optedOut)
        let statuses = try await store.messages(contactID: contact.id).filter { $0.direction == .outbound }.map(
            \.status)
        #expect(statuses == [.failed, .cancelled])
    }

    @Test(arguments: StoreKind.allCases)
    func deliveryStatusOnlyMovesForward(kind: StoreKind) async throws {
        let store = try kind.make()
        let turn = try await contactWithReplies(store, ["r"])
        let claim = try #require(try await claimOut(store).first)
        try await store.recordSend(claim, result: .sent(providerMessageID: "SMabc"), now: Fixture.start)
        for status in [MessageStatus.read, .delivered, .sent] {
            let found = try await store.recordDeliveryStatus(
                channel: .twilio, providerMessageID: "SMabc", status: status, errorCode: nil, optedOut: false,
                at: Fixture.start)
            #expect(found)
        }
        let unknown = try await store.recordDeliveryStatus(
            channel: .twilio, providerMessageID: "SMnone", status: .read, errorCode: nil, optedOut: false,
            at: Fixture.start)
        #expect(!unknown)
        let message = try #require(try await store.messages(contactID: turn.contact.id).last)
        #expect(message.status == .read)
        #expect(message.providerMessageID == "SMabc")
    }

    @Test(arguments: StoreKind.allCases)
    func statsCountTheWork(kind: StoreKind) async throws {
        let store = try kind.make()
        _ = try await contactWithReplies(store, ["r1", "r2"])
        let stats = try await store.stats()
        #expect(stats.contacts == 1)
        #expect(stats.messagesIn == 1)
        #expect(stats.messagesOut == 2)
        #expect(stats.turns == 1)
        #expect(stats.turnsAnswered == 1)
        #expect(stats.inputTokens == 10)
        #expect(stats.outputTokens == 5)
        #expect(stats.pendingOutbound == 2)
        try await store.checkHealth()
    }
}
