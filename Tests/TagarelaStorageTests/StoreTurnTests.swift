import Foundation
import TagarelaCore
import Testing

@Suite("Storage: the turn queue", .timeLimit(.minutes(3)))
struct StoreTurnTests {
    let schedule = TurnSchedule(debounce: .milliseconds(1500), maxWait: .seconds(5))

    func claim(_ store: any ConversationStore, at date: Date, owner: String = "w1") async throws -> [TurnClaim] {
        try await store.claimTurns(
            owner: owner, channels: Fixture.twilio, now: date, leaseDuration: .seconds(30), limit: 10)
    }

    @Test(arguments: StoreKind.allCases)
    func burstIsOneTurnAfterTheQuietTime(kind: StoreKind) async throws {
        let store = try kind.make()
        let t0 = Fixture.start
        for (offset, text) in [(0.0, "Oi"), (1.0, "tudo bem?"), (2.0, "preciso de ajuda")] {
            _ = try await store.ingest(Fixture.text(text), at: t0.addingTimeInterval(offset), schedule: schedule)
        }
        #expect(try await claim(store, at: t0.addingTimeInterval(3.4)).isEmpty)
        #expect(try await store.nextTurnDue(channels: Fixture.twilio) == t0.addingTimeInterval(3.5))
        let claims = try await claim(store, at: t0.addingTimeInterval(3.5))
        #expect(claims.count == 1)
        #expect(claims.first?.messages.compactMap(\.text) == ["Oi", "tudo bem?", "preciso de ajuda"])
    }

    @Test(arguments: StoreKind.allCases)
    func fastTypistIsAnsweredWithinTheCap(kind: StoreKind) async throws {
        let store = try kind.make()
        let t0 = Fixture.start
        for second in 0..<8 {
            _ = try await store.ingest(
                Fixture.text("m\(second)"), at: t0.addingTimeInterval(Double(second)), schedule: schedule)
            if second == 5 {
                // Five seconds after the first message the turn is due, however fast the typing.
                #expect(try await claim(store, at: t0.addingTimeInterval(5)).first?.messages.count == 6)
            }
        }
    }

    @Test(arguments: StoreKind.allCases)
    func leasedContactIsNotHandedOutTwice(kind: StoreKind) async throws {
        let store = try kind.make()
        _ = try await store.ingest(Fixture.text("Oi"), at: Fixture.start, schedule: .immediate)
        let first = try await claim(store, at: Fixture.start, owner: "w1")
        #expect(first.count == 1)
        #expect(try await claim(store, at: Fixture.start.addingTimeInterval(29), owner: "w2").isEmpty)
    }

    @Test(arguments: StoreKind.allCases)
    func messageDuringATurnGoesToTheNextTurn(kind: StoreKind) async throws {
        let store = try kind.make()
        _ = try await store.ingest(Fixture.text("primeira"), at: Fixture.start, schedule: .immediate)
        let turn = try #require(try await claim(store, at: Fixture.start).first)
        _ = try await store.ingest(
            Fixture.text("segunda"), at: Fixture.start.addingTimeInterval(1), schedule: .immediate)
        #expect(try await claim(store, at: Fixture.start.addingTimeInterval(2)).isEmpty)
        try await store.completeTurn(turn, outcome: Fixture.answered(["r1"]), now: Fixture.start.addingTimeInterval(2))
        let next = try #require(try await claim(store, at: Fixture.start.addingTimeInterval(2)).first)
        #expect(next.messages.compactMap(\.text) == ["segunda"])
        #expect(next.turnID != turn.turnID)
    }

    @Test(arguments: StoreKind.allCases)
    func expiredLeaseIsTakenOverAndFenced(kind: StoreKind) async throws {
        let store = try kind.make()
        _ = try await store.ingest(Fixture.text("Oi"), at: Fixture.start, schedule: .immediate)
        let dead = try #require(try await claim(store, at: Fixture.start, owner: "dead").first)
        _ = try await store.ingest(Fixture.text("alô?"), at: Fixture.start.addingTimeInterval(5), schedule: .immediate)
        let taken = try #require(try await claim(store, at: Fixture.start.addingTimeInterval(31), owner: "alive").first)
        #expect(taken.messages.compactMap(\.text) == ["Oi", "alô?"])
        #expect(taken.lease.token > dead.lease.token)
        await #expect(throws: StorageError.leaseLost) {
            try await store.completeTurn(
                dead, outcome: Fixture.answered(["late"]), now: Fixture.start.addingTimeInterval(32))
        }
        await #expect(throws: StorageError.leaseLost) {
            _ = try await store.renewTurnLease(
                dead, now: Fixture.start.addingTimeInterval(32), leaseDuration: .seconds(30))
        }
        try await store.completeTurn(
            taken, outcome: Fixture.answered(["ok"]), now: Fixture.start.addingTimeInterval(33))
        let texts = try await store.messages(contactID: taken.contact.id).filter { $0.direction == .outbound }
            .compactMap(\.text)
        #expect(texts == ["ok"])
        #expect(try await store.stats().turns == 1)
    }

    @Test(arguments: StoreKind.allCases)
    func renewedLeaseKeepsTheTurn(kind: StoreKind) async throws {
        let store = try kind.make()
        _ = try await store.ingest(Fixture.text("Oi"), at: Fixture.start, schedule: .immediate)
        var turn = try #require(try await claim(store, at: Fixture.start).first)
        turn.lease = try await store.renewTurnLease(
            turn, now: Fixture.start.addingTimeInterval(20), leaseDuration: .seconds(30))
        #expect(try await claim(store, at: Fixture.start.addingTimeInterval(40), owner: "other").isEmpty)
        try await store.completeTurn(turn, outcome: Fixture.answered(["ok"]), now: Fixture.start.addingTimeInterval(41))
    }

    @Test(arguments: StoreKind.allCases)
    func historyIsTheConversationWithoutNotices(kind: StoreKind) async throws {
        let store = try kind.make()
        _ = try await store.ingest(Fixture.text("Qual o horário?"), at: Fixture.start, schedule: .immediate)
        let turn = try #require(try await claim(store, at: Fixture.start).first)
        let outcome = TurnOutcome(
            replies: [.notice("aviso"), .reply("Das 9h às 18h.")], record: TurnRecord(status: .answered))
        try await store.completeTurn(turn, outcome: outcome, now: Fixture.start)
        _ = try await store.ingest(
            Fixture.text("Obrigado"), at: Fixture.start.addingTimeInterval(1), schedule: .immediate)
        let next = try #require(try await claim(store, at: Fixture.start.addingTimeInterval(1)).first)
        let history = try await store.history(contactID: next.contact.id, upTo: next.messages[0].id, limit: 10)
        #expect(history.compactMap(\.text) == ["Qual o horário?", "Das 9h às 18h.", "Obrigado"])
        let limited = try await store.history(contactID: next.contact.id, upTo: next.messages[0].id, limit: 2)
        #expect(limited.compactMap(\.text) == ["Das 9h às 18h.", "Obrigado"])
    }

    @Test(arguments: StoreKind.allCases)
    func concurrentClaimersNeverShareAContact(kind: StoreKind) async throws {
        let store = try kind.make()
        for contact in 0..<40 {
            for message in 0..<3 {
                _ = try await store.ingest(
                    Fixture.text("\(message)", from: "+55119000\(1000 + contact)"), at: Fixture.start,
                    schedule: .immediate)
            }
        }
        let claims = try await withThrowingTaskGroup(of: [TurnClaim].self) { group in
            for worker in 0..<8 {
                group.addTask {
                    try await store.claimTurns(
                        owner: "w\(worker)", channels: Fixture.twilio, now: Fixture.start, leaseDuration: .seconds(30),
                        limit: 7)
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        #expect(claims.count == 40)
        #expect(Set(claims.map(\.contact.id)).count == 40)
        #expect(claims.allSatisfy { $0.messages.compactMap(\.text) == ["0", "1", "2"] })
    }

    @Test(arguments: StoreKind.allCases)
    func workersClaimOnlyTheirChannels(kind: StoreKind) async throws {
        let store = try kind.make()
        _ = try await store.ingest(
            LocalChannel.inbound(from: "ana", text: "oi"), at: Fixture.start, schedule: .immediate)
        #expect(try await claim(store, at: Fixture.start).isEmpty)
        #expect(try await store.nextTurnDue(channels: Fixture.twilio) == nil)
        let local = try await store.claimTurns(
            owner: "chat", channels: [.local], now: Fixture.start, leaseDuration: .seconds(30), limit: 5)
        #expect(local.count == 1)
    }

    @Test(arguments: StoreKind.allCases)
    func tokensUsedByOneContactAndByEveryoneSinceAMoment(kind: StoreKind) async throws {
        let store = try kind.make()
        for phone in ["+551100000001", "+551100000002"] {
            _ = try await store.ingest(Fixture.text("oi", from: phone), at: Fixture.start, schedule: .immediate)
        }
        let claims = try await store.claimTurns(
            owner: "w", channels: Fixture.twilio, now: Fixture.start, leaseDuration: .seconds(30), limit: 5)
        #expect(claims.count == 2)
        for (index, claim) in claims.enumerated() {
            var outcome = Fixture.answered(["olá"])
            // The first turn's text cost 2 cents and its voice 1; the second has no price.
            if index == 0 { outcome.record.cost = TurnCost(text: 0.02, audio: 0.01) }
            try await store.completeTurn(claim, outcome: outcome, now: Fixture.start)
        }
        // Each answered turn of the fixture used 10 + 5 tokens.
        let first = try await store.spending(contactID: claims[0].contact.id, since: Fixture.start)
        #expect(first.tokens == 15 && abs(first.dollars - 0.03) < 1e-9)
        let everyone = try await store.spending(contactID: nil, since: Fixture.start)
        #expect(
            everyone.tokens == 30 && abs(everyone.dollars - 0.03) < 1e-9 && abs(everyone.audioDollars - 0.01) < 1e-9)
        #expect(try await store.spending(contactID: claims[1].contact.id, since: Fixture.start).dollars == 0)
        #expect(try await store.spending(contactID: nil, since: Fixture.start.addingTimeInterval(1)) == Spending())
        let stats = try await store.stats()
        #expect(stats.tokensByModel == ["m": TokenUsage(inputTokens: 20, outputTokens: 10)])
        #expect(abs(stats.costUSD - 0.03) < 1e-9 && abs(stats.audioCostUSD - 0.01) < 1e-9)
        #expect(stats.turnsByProvider == ["test": 2])
    }
}
