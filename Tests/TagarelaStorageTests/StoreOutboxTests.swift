import Foundation
import TagarelaCore
import Testing

@Suite("Storage: the outbox", .timeLimit(.minutes(3)))
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

@Suite("Storage: a turn's first reply sent at once", .timeLimit(.minutes(3)))
struct StoreFirstReplyTests {
    static let request = SendClaimRequest(owner: "w", channels: [.twilio], leaseDuration: .seconds(60))

    func turn(_ store: any ConversationStore, _ text: String = "Oi") async throws -> TurnClaim {
        _ = try await store.ingest(Fixture.text(text), at: Fixture.start, schedule: .immediate)
        return try #require(
            try await store.claimTurns(
                owner: "w", channels: Fixture.twilio, now: Fixture.start, leaseDuration: .seconds(30), limit: 1
            ).first)
    }

    func claimOut(_ store: any ConversationStore) async throws -> [OutboundClaim] {
        try await store.claimOutbound(
            owner: "o", channels: Fixture.twilio, now: Fixture.start, leaseDuration: .seconds(60), limit: 10)
    }

    @Test(arguments: StoreKind.allCases)
    func theFirstReplyIsClaimedWithTheTurnAndTheRestWaitsForIt(kind: StoreKind) async throws {
        let store = try kind.make()
        let turn = try await turn(store)
        let first = try #require(
            try await store.completeTurn(
                turn, outcome: Fixture.answered(["parte 1", "parte 2"]), now: Fixture.start, firstReply: Self.request))
        #expect(first.envelope.text == "parte 1")
        #expect(first.envelope.to == "whatsapp:+5511999990001")
        #expect(first.attempt == 1 && first.lease.owner == "w")
        // In flight: no outbox worker takes it, nor the part after it.
        #expect(try await claimOut(store).isEmpty)
        try await store.recordSend(first, result: .sent(providerMessageID: "SM1"), now: Fixture.start)
        #expect(try await claimOut(store).map(\.envelope.text) == ["parte 2"])
        let messages = try await store.messages(contactID: turn.contact.id).filter { $0.direction == .outbound }
        #expect(messages.first?.status == .sent && messages.first?.providerMessageID == "SM1")
    }

    @Test(arguments: StoreKind.allCases)
    func anEarlierUnsentReplyLeavesFirst(kind: StoreKind) async throws {
        let store = try kind.make()
        let one = try await turn(store, "um")
        try await store.completeTurn(one, outcome: Fixture.answered(["resposta 1"]), now: Fixture.start)
        let two = try await turn(store, "dois")
        let first = try await store.completeTurn(
            two, outcome: Fixture.answered(["resposta 2"]), now: Fixture.start, firstReply: Self.request)
        #expect(first == nil)
        #expect(try await claimOut(store).map(\.envelope.text) == ["resposta 1"])
    }

    @Test(arguments: StoreKind.allCases)
    func otherChannelsAndOptOutsAreLeftToTheOutbox(kind: StoreKind) async throws {
        let store = try kind.make()
        let turn = try await turn(store)
        let elsewhere = SendClaimRequest(owner: "w", channels: [.meta], leaseDuration: .seconds(60))
        #expect(
            try await store.completeTurn(
                turn, outcome: Fixture.answered(["oi"]), now: Fixture.start, firstReply: elsewhere) == nil)
        #expect(try await claimOut(store).map(\.envelope.text) == ["oi"])
        let second = try await self.turn(store, "STOP")
        var optOut = Fixture.answered(["tchau"])
        optOut.optOut = true
        #expect(
            try await store.completeTurn(second, outcome: optOut, now: Fixture.start, firstReply: Self.request) == nil)
    }
}
