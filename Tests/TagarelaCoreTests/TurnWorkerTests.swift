import Foundation
import Logging
import TagarelaCore
import TagarelaFakes
import Testing

/// The turn processor and the turn worker on the in-memory store, a scripted model and a manual clock: no server,
/// no network, no sleeping.
@Suite("Turn processor and turn worker on the in-memory store", .timeLimit(.minutes(3)))
struct TurnWorkerTests {
    static let texts = TurnTexts(
        fallback: "Ops, tive um probleminha.", rateLimited: "Calma!", tooLong: "Longo demais.", modelsOff: "Em pausa.",
        budgetExceeded: "Por hoje é só.", unsupported: { "Não entendo \($0)." })

    static func policy(modelsDisabled: Bool = false, rateLimit: Int = 20) -> TurnPolicy {
        TurnPolicy(
            systemPrompt: "Você é o assistente.", memory: MemoryWindow(maxTokens: 3000, maxMessages: 40),
            guards: ContactGuards(rateLimitMessages: rateLimit), texts: texts, modelsDisabled: modelsDisabled)
    }

    static func processor(
        _ store: InMemoryConversationStore, _ model: ScriptedModel, clock: ManualTimeSource,
        policy: TurnPolicy = policy()
    ) -> TurnProcessor {
        TurnProcessor(
            store: store, llm: model, policy: policy, textLimits: [.twilio: 1600], timeSource: clock,
            logger: Logger(label: "test"))
    }

    /// Stores `text` from one contact, due at once.
    static func receive(_ text: String, _ store: InMemoryConversationStore, at now: Date) async throws {
        _ = try await store.ingest(
            InboundMessage(
                channel: .twilio, providerMessageID: UUID().uuidString,
                identity: ContactIdentity(phone: "+5511900000001"),
                replyAddress: "whatsapp:+5511900000001", content: .text(text)),
            at: now, schedule: .immediate)
    }

    @Test func theModelAnswersWithTheContactsMemoryAndTheTurnIsRecorded() async throws {
        let clock = ManualTimeSource()
        let store = InMemoryConversationStore()
        let model = ScriptedModel([ScriptedModel.text("Olá! Como posso ajudar?"), ScriptedModel.text("Às 15h.")])
        let processor = Self.processor(store, model, clock: clock)
        for (text, expected) in [("Oi", "Olá! Como posso ajudar?"), ("Que horas abre?", "Às 15h.")] {
            try await Self.receive(text, store, at: clock.now())
            let claim = try #require(
                try await store.claimTurns(
                    owner: "w", channels: [.twilio], now: clock.now(), leaseDuration: .seconds(60), limit: 1
                ).first)
            let outcome = try await processor.outcome(for: claim)
            #expect(outcome.record.status == .answered && outcome.record.provider == "scripted")
            #expect(outcome.replies.map(\.text) == [expected])
            try await store.completeTurn(claim, outcome: outcome, now: clock.now())
            clock.advance(by: .seconds(10))
        }
        // The second request carried the first exchange as memory.
        let second = try #require(await model.requests.last)
        #expect(second.messages.map(\.content) == ["Oi", "Olá! Como posso ajudar?", "Que horas abre?"])
        #expect(second.systemPrompt == "Você é o assistente.")
    }

    @Test func aFailingModelGivesTheFallbackAndTheKillSwitchAsksNoModel() async throws {
        let clock = ManualTimeSource()
        let store = InMemoryConversationStore()
        let failing = ScriptedModel([.failure(.quotaExhausted(message: "billing"))])
        try await Self.receive("Oi", store, at: clock.now())
        let claim = try #require(
            try await store.claimTurns(
                owner: "w", channels: [.twilio], now: clock.now(), leaseDuration: .seconds(60), limit: 1
            ).first)
        let failed = try await Self.processor(store, failing, clock: clock).outcome(for: claim)
        #expect(failed.record.status == .failed && failed.replies.map(\.text) == [Self.texts.fallback])
        let silent = ScriptedModel([])
        let off = try await Self.processor(store, silent, clock: clock, policy: Self.policy(modelsDisabled: true))
            .outcome(for: claim)
        #expect(off.record.status == .skipped && off.replies.map(\.text) == [Self.texts.modelsOff])
        #expect(await silent.requests.isEmpty)
    }

    @Test func theWorkerAnswersADueTurnOnceAndWaitsForTheClockForAFutureOne() async throws {
        let clock = ManualTimeSource()
        let store = InMemoryConversationStore()
        let model = ScriptedModel([ScriptedModel.text("Primeira"), ScriptedModel.text("Segunda")])
        let signal = WorkSignal()
        let worker = TurnWorker(
            store: store, processor: Self.processor(store, model, clock: clock),
            settings: TurnWorker.Settings(
                owner: "w", channels: [.twilio], maxConcurrentTurns: 4, leaseDuration: .seconds(60)),
            timeSource: clock, signal: signal, outboxSignal: WorkSignal(), logger: Logger(label: "test"))
        try await Self.receive("Oi", store, at: clock.now())
        // A second message debounced 30 s ahead: due only when the clock gets there.
        _ = try await store.ingest(
            InboundMessage(
                channel: .twilio, providerMessageID: UUID().uuidString,
                identity: ContactIdentity(phone: "+5521900000002"),
                replyAddress: "whatsapp:+5521900000002", content: .text("Bom dia")),
            at: clock.now(), schedule: TurnSchedule(debounce: .seconds(30), maxWait: .seconds(30)))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await worker.run() }
            signal.signal()
            try await waitUntil("the due turn answered") {
                try await store.stats().turnsAnswered == 1
            }
            #expect(await model.requests.count == 1)
            clock.advance(by: .seconds(31))
            signal.signal()
            try await waitUntil("the debounced turn answered") {
                try await store.stats().turnsAnswered == 2
            }
            group.cancelAll()
        }
        #expect(await model.requests.count == 2)
        #expect(try await store.stats().pendingOutbound == 2)
    }
}
