import Foundation
import TagarelaCore
import Testing

@Suite("Storage: what the model's tools change is stored with the turn", .timeLimit(.minutes(3)))
struct StoreToolEffectsTests {
    /// Runs one turn for `phone` that completes with `effects`; returns the contact id.
    @discardableResult
    func turn(
        _ store: any ConversationStore, _ effects: [ToolEffect], phone: String = "+5511999990001",
        at offset: TimeInterval = 0, calls: [ToolCallRecord] = [], record: TurnRecord? = nil
    ) async throws -> Int64 {
        let now = Fixture.start.addingTimeInterval(offset)
        _ = try await store.ingest(Fixture.text("oi", from: phone), at: now, schedule: .immediate)
        let claim = try #require(
            try await store.claimTurns(
                owner: "w", channels: Fixture.twilio, now: now, leaseDuration: .seconds(30), limit: 1
            ).first)
        var outcome = Fixture.answered(["ok"])
        if let record { outcome.record = record }
        outcome.effects = effects
        outcome.record.toolCalls = calls
        try await store.completeTurn(claim, outcome: outcome, now: now)
        return claim.contact.id
    }

    @Test(arguments: StoreKind.allCases)
    func factsAreRememberedOnceAndForgotten(kind: StoreKind) async throws {
        let store = try kind.make()
        let calls = [ToolCallRecord(name: "remember_fact", arguments: #"{"fact":"A"}"#, milliseconds: 1)]
        let id = try await turn(store, [.rememberFact("Chama-se Ana."), .rememberFact("Tem um gato.")], calls: calls)
        // A turn run again after a lost lease remembers nothing twice.
        try await turn(store, [.rememberFact("Chama-se Ana."), .rememberFact("Prefere e-mail.")], at: 1)
        var facts = try await store.facts(contactID: id)
        #expect(facts.map(\.text) == ["Chama-se Ana.", "Tem um gato.", "Prefere e-mail."])
        #expect(facts[0].createdAt == Fixture.start)
        try await turn(store, [.forgetFact(id: facts[1].id), .unrememberFact("Prefere e-mail.")], at: 2)
        facts = try await store.facts(contactID: id)
        #expect(facts.map(\.text) == ["Chama-se Ana."])
        // Another contact's fact ids are not this contact's to forget.
        let other = try await turn(store, [.rememberFact("Outra pessoa.")], phone: "+5511999990002", at: 3)
        try await turn(store, [.forgetFact(id: try #require(try await store.facts(contactID: other).first).id)], at: 4)
        #expect(try await store.facts(contactID: other).count == 1)
    }

    @Test(arguments: StoreKind.allCases)
    func theCallsOfADayAreReadBackFromTheTurns(kind: StoreKind) async throws {
        let store = try kind.make()
        let lookup = ToolCallRecord(name: "order_status", arguments: #"{"id":"1"}"#, milliseconds: 12, status: 200)
        let failed = ToolCallRecord(
            name: "order_status", arguments: "{}", error: "the service answered HTTP 500", milliseconds: 3, status: 500)
        let id = try await turn(store, [], calls: [lookup])
        try await turn(store, [], at: 60, calls: [failed, lookup])
        try await turn(store, [], phone: "+5511999990002", at: 61, calls: [lookup])
        #expect(try await store.toolCalls(contactID: id, since: Fixture.start) == [lookup, failed, lookup])
        #expect(
            try await store.toolCalls(contactID: id, since: Fixture.start.addingTimeInterval(30)) == [failed, lookup])
        #expect(try await store.toolCalls(contactID: id, since: Fixture.start.addingTimeInterval(120)).isEmpty)
    }

    @Test(arguments: StoreKind.allCases)
    func aHandoffSilencesTheContactUntilResumed(kind: StoreKind) async throws {
        let store = try kind.make()
        let id = try await turn(store, [.handoff(reason: "quer o gerente")], at: 5)
        var contact = try #require(try await store.contact(id: id))
        #expect(contact.handoffAt == Fixture.start.addingTimeInterval(5) && contact.handoffReason == "quer o gerente")
        #expect(try await store.setHandoff(contactID: id, reason: nil, at: Fixture.start))
        contact = try #require(try await store.contact(id: id))
        #expect(contact.handoffAt == nil && contact.handoffReason == nil)
        #expect(try await store.setHandoff(contactID: id, reason: "operador assumiu", at: Fixture.start))
        #expect(try await store.contact(id: id)?.handoffReason == "operador assumiu")
        #expect(!(try await store.setHandoff(contactID: 9999, reason: nil, at: Fixture.start)))
    }

    @Test(arguments: StoreKind.allCases)
    func theReplyModeTheContactAskedForIsKept(kind: StoreKind) async throws {
        let store = try kind.make()
        let id = try await turn(store, [.replyMode(.voice)])
        #expect(try await store.contact(id: id)?.replyMode == .voice)
        try await turn(store, [.replyMode(nil)], at: 1)
        #expect(try await store.contact(id: id)?.replyMode == nil)
    }

    @Test(arguments: StoreKind.allCases)
    func aLostLeaseWritesNoEffect(kind: StoreKind) async throws {
        let store = try kind.make()
        _ = try await store.ingest(Fixture.text("oi"), at: Fixture.start, schedule: .immediate)
        let stale = try #require(
            try await store.claimTurns(
                owner: "dead", channels: Fixture.twilio, now: Fixture.start, leaseDuration: .seconds(30), limit: 1
            ).first)
        _ = try await store.claimTurns(
            owner: "alive", channels: Fixture.twilio, now: Fixture.start.addingTimeInterval(31),
            leaseDuration: .seconds(30), limit: 1)
        var outcome = Fixture.answered(["ok"])
        outcome.effects = [.rememberFact("Não deveria ficar."), .handoff(reason: "x")]
        await #expect(throws: StorageError.leaseLost) {
            try await store.completeTurn(stale, outcome: outcome, now: Fixture.start.addingTimeInterval(32))
        }
        #expect(try await store.facts(contactID: stale.contact.id).isEmpty)
        #expect(try await store.contact(id: stale.contact.id)?.handoffAt == nil)
    }

    @Test(arguments: StoreKind.allCases)
    func aNumberChangeMergesFactsAndTheHandoff(kind: StoreKind) async throws {
        let store = try kind.make()
        let oldID = try await turn(
            store, [.rememberFact("Chama-se Ana."), .handoff(reason: "pediu")], phone: "+551100000010")
        let newID = try await turn(
            store, [.rememberFact("Chama-se Ana."), .rememberFact("Tem um gato.")], phone: "+551100000020", at: 1)
        #expect(
            try await store.changePhone(
                from: "+551100000010", to: "+551100000020", channel: .twilio, replyAddress: "whatsapp:+551100000020"))
        // The person keeps one memory: the contact that had the old number, with what both knew.
        #expect(try await store.contact(id: newID) == nil)
        #expect(Set(try await store.facts(contactID: oldID).map(\.text)) == ["Chama-se Ana.", "Tem um gato."])
        #expect(try await store.contact(id: oldID)?.handoffReason == "pediu")
    }
}
