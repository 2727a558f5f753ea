import Foundation
import Logging
import TagarelaFakes
import Testing

@testable import TagarelaCore

/// Calls of tools with a side effect through a turn, on the in-memory store with a scripted model and a manual clock:
/// a turn run again after its worker died replays what the call answered, an interrupted call is reported as unknown,
/// and a call that needs the contact's yes waits for exactly that.
@Suite("The tool journal: a side effect happens once", .timeLimit(.minutes(3)))
struct ToolJournalTests {
    static let question = "Confirma? {tool} ({description})\n{arguments}\nResponda sim em {minutes} min."

    static func processor(
        _ store: InMemoryConversationStore, _ model: any LLMProvider, _ tool: CountingTool, clock: ManualTimeSource
    ) -> TurnProcessor {
        var texts = TurnWorkerTests.texts
        texts.confirmTool = question
        let policy = TurnPolicy(
            systemPrompt: "Você é o assistente.", memory: MemoryWindow(maxTokens: 3000, maxMessages: 40),
            guards: ContactGuards(), texts: texts, toolConfirmWindow: .seconds(600))
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        return TurnProcessor(
            store: store, llm: model, tools: ToolRegistry([tool], timeout: .seconds(600)), policy: policy,
            textLimits: [.twilio: 1600], timeSource: clock, logger: logger)
    }

    static func claim(_ store: InMemoryConversationStore, owner: String, clock: ManualTimeSource) async throws
        -> TurnClaim
    {
        try #require(
            try await store.claimTurns(
                owner: owner, channels: [.twilio], now: clock.now(), leaseDuration: .seconds(60), limit: 1
            ).first)
    }

    /// The model asking to cancel `order`, under a call id of its own (each run of a turn gets new ids).
    static func cancelling(_ order: String, id: String) -> Result<LLMReply, LLMError> {
        .success(
            LLMReply(
                text: "", usage: TokenUsage(inputTokens: 5, outputTokens: 1), model: "m", provider: "scripted",
                toolCalls: [ToolCall(id: id, name: "cancel_order", arguments: ["order": .string(order)])]))
    }

    /// What the model was told of the first call of its `request`th request.
    static func told(_ model: ScriptedModel, request: Int) async throws -> JSONValue {
        let requests = await model.requests
        return try #require(requests[request].steps.first?.results.first?.output)
    }

    @Test func aTurnRunAgainAfterItsWorkerDiedReplaysTheCallInsteadOfMakingItTwice() async throws {
        let clock = ManualTimeSource()
        let store = InMemoryConversationStore()
        let tool = CountingTool()
        try await TurnWorkerTests.receive("Cancela o pedido 123", store, at: clock.now())
        let first = try await Self.claim(store, owner: "a", clock: clock)
        let modelA = ScriptedModel([Self.cancelling("123", id: "a1"), ScriptedModel.text("Cancelado!")])
        let lost = try await Self.processor(store, modelA, tool, clock: clock).outcome(for: first)
        #expect(tool.calls.count == 1)
        let key = try #require(tool.calls.first?.idempotencyKey)
        // Worker a dies before recording the turn; its lease runs out and worker b takes the contact over.
        clock.advance(by: .seconds(61))
        let second = try await Self.claim(store, owner: "b", clock: clock)
        #expect(second.turnID != first.turnID)
        let modelB = ScriptedModel([Self.cancelling("123", id: "b7"), ScriptedModel.text("Cancelado!")])
        let outcome = try await Self.processor(store, modelB, tool, clock: clock).outcome(for: second)
        #expect(tool.calls.count == 1)
        #expect(try await Self.told(modelB, request: 1) == ["cancelled": "123"])
        #expect(outcome.record.toolCalls.map(\.journal) == [.replayed])
        #expect(outcome.replies.map(\.text) == ["Cancelado!"])
        try await store.completeTurn(second, outcome: outcome, now: clock.now())
        await #expect(throws: StorageError.leaseLost) {
            try await store.completeTurn(first, outcome: lost, now: clock.now())
        }
        let journal = try await store.toolJournal(contactID: second.contact.id)
        #expect(journal.map(\.idempotencyKey) == [key] && journal.first?.result == ["cancelled": "123"])
        // A later turn asking the same is a new request of the contact's: it is made.
        try await TurnWorkerTests.receive("Cancela o 123 de novo", store, at: clock.now())
        let third = try await Self.claim(store, owner: "b", clock: clock)
        let modelC = ScriptedModel([Self.cancelling("123", id: "c1"), ScriptedModel.text("Feito.")])
        _ = try await Self.processor(store, modelC, tool, clock: clock).outcome(for: third)
        #expect(tool.calls.count == 2 && tool.calls[1].idempotencyKey != key)
    }

    @Test func aWorkerThatLosesItsLeaseAfterTheCallLeavesItsResultToTheWorkerThatTookOver() async throws {
        let clock = ManualTimeSource()
        let store = InMemoryConversationStore()
        let tool = CountingTool()
        try await TurnWorkerTests.receive("Cancela o pedido 123", store, at: clock.now())
        let stalling = CallThenStall(first: Self.cancelling("123", id: "a1"))
        let settings = TurnWorker.Settings(
            owner: "a", channels: [.twilio], maxConcurrentTurns: 1, leaseDuration: .seconds(60))
        var quiet = Logger(label: "test")
        quiet.logLevel = .critical
        let workerA = TurnWorker(
            store: store, processor: Self.processor(store, stalling, tool, clock: clock),
            settings: settings, timeSource: clock, signal: WorkSignal(), outboxSignal: WorkSignal(), logger: quiet)
        let first = try await Self.claim(store, owner: "a", clock: clock)
        let running = Task { await workerA.run(first) }
        // The call was made and answered; the model's next answer never comes; the lease renewal is waiting.
        try await waitUntil("the turn waits for the model after the call") {
            await stalling.requests == 2 && clock.sleeperCount == 1
        }
        #expect(try await store.toolJournal(contactID: first.contact.id).first?.result == ["cancelled": "123"])
        // Worker a is thought dead: its lease runs out for worker b, which takes the contact over.
        let second = try #require(
            try await store.claimTurns(
                owner: "b", channels: [.twilio], now: clock.now().addingTimeInterval(61), leaseDuration: .seconds(60),
                limit: 1
            ).first)
        // Worker a's next renewal finds the lease lost: its turn is stopped before it writes anything.
        clock.advance(by: .seconds(20))
        await running.value
        let modelB = ScriptedModel([Self.cancelling("123", id: "b1"), ScriptedModel.text("Pedido 123 cancelado.")])
        let outcome = try await Self.processor(store, modelB, tool, clock: clock).outcome(for: second)
        try await store.completeTurn(second, outcome: outcome, now: clock.now())
        #expect(tool.calls.count == 1)
        #expect(try await Self.told(modelB, request: 1) == ["cancelled": "123"])
        #expect(outcome.replies.map(\.text) == ["Pedido 123 cancelado."])
        let stats = try await store.stats()
        #expect(stats.turnsAnswered == 1 && stats.pendingOutbound == 1)
    }

    @Test func aCallInterruptedInFlightIsReportedAsUnknownAndNotMadeAgain() async throws {
        let clock = ManualTimeSource()
        let store = InMemoryConversationStore()
        let tool = CountingTool(behaviour: .hang)
        try await TurnWorkerTests.receive("Cancela o pedido 123", store, at: clock.now())
        let first = try await Self.claim(store, owner: "a", clock: clock)
        let modelA = ScriptedModel([Self.cancelling("123", id: "a1"), ScriptedModel.text("?")])
        let processor = Self.processor(store, modelA, tool, clock: clock)
        let running = Task { try await processor.outcome(for: first) }
        try await waitUntil("the call is out") { tool.calls.count == 1 }
        // The turn is stopped while the request is out, as when its lease is lost: nobody knows what happened.
        running.cancel()
        _ = try? await running.value
        #expect(try await store.toolJournal(contactID: first.contact.id).map(\.isInFlight) == [true])
        tool.behave(.answer)
        clock.advance(by: .seconds(61))
        let second = try await Self.claim(store, owner: "b", clock: clock)
        let modelB = ScriptedModel([Self.cancelling("123", id: "b1"), ScriptedModel.text("Vou verificar.")])
        let outcome = try await Self.processor(store, modelB, tool, clock: clock).outcome(for: second)
        #expect(tool.calls.count == 1)
        let told = try await Self.told(modelB, request: 1)
        #expect(told["error"]?.stringValue?.contains("outcome is unknown") == true)
        #expect(outcome.record.toolCalls.map(\.journal) == [.unknown])
    }

    @Test func aToolThatNeedsAYesWaitsAndAYesInTimeReleasesExactlyThatCallOnce() async throws {
        let clock = ManualTimeSource()
        let store = InMemoryConversationStore()
        let tool = CountingTool(confirm: true)
        try await TurnWorkerTests.receive("Cancela o pedido 123", store, at: clock.now())
        var claim = try await Self.claim(store, owner: "a", clock: clock)
        let asking = ScriptedModel([
            Self.cancelling("123", id: "a1"), ScriptedModel.text("Preciso da sua confirmação."),
        ])
        let held = try await Self.processor(store, asking, tool, clock: clock).outcome(for: claim)
        #expect(tool.calls.isEmpty)
        #expect(try await Self.told(asking, request: 1)["status"] == "awaiting_confirmation")
        #expect(
            held.replies.map(\.text) == [
                "Preciso da sua confirmação.",
                "Confirma? cancel_order (Cancels one of the contact's orders)\n• order: 123\nResponda sim em 10 min.",
            ])
        #expect(held.replies.map(\.kind) == [.reply, .notice])
        #expect(held.record.toolCalls.map(\.journal) == [.held])
        try await store.completeTurn(claim, outcome: held, now: clock.now())
        clock.advance(by: .seconds(120))
        try await TurnWorkerTests.receive("Sim!", store, at: clock.now())
        claim = try await Self.claim(store, owner: "a", clock: clock)
        let answering = ScriptedModel([ScriptedModel.text("Pronto, o pedido 123 foi cancelado.")])
        let released = try await Self.processor(store, answering, tool, clock: clock).outcome(for: claim)
        #expect(tool.calls.map(\.arguments) == [["order": "123"]])
        let step = try #require(await answering.requests.first?.steps.first)
        #expect(step.calls.map(\.name) == ["cancel_order"] && step.calls.first?.arguments == ["order": "123"])
        #expect(step.results.first?.output == ["cancelled": "123"])
        #expect(released.record.toolCalls.map(\.journal) == [.released])
        #expect(released.replies.map(\.text) == ["Pronto, o pedido 123 foi cancelado."])
        // The worker dies before recording it; the turn run again finds its own decision and the recorded result.
        clock.advance(by: .seconds(61))
        let again = try await Self.claim(store, owner: "b", clock: clock)
        let rerun = ScriptedModel([ScriptedModel.text("Pronto.")])
        let replayed = try await Self.processor(store, rerun, tool, clock: clock).outcome(for: again)
        #expect(tool.calls.count == 1 && replayed.record.toolCalls.map(\.journal) == [.replayed])
        #expect(try await Self.told(rerun, request: 0) == ["cancelled": "123"])
        try await store.completeTurn(again, outcome: replayed, now: clock.now())
        // Another yes has nothing left to release.
        try await TurnWorkerTests.receive("sim", store, at: clock.now())
        claim = try await Self.claim(store, owner: "b", clock: clock)
        let later = ScriptedModel([ScriptedModel.text("Mais alguma coisa?")])
        _ = try await Self.processor(store, later, tool, clock: clock).outcome(for: claim)
        let plain = await later.requests.first?.steps
        #expect(tool.calls.count == 1 && plain?.isEmpty == true)
    }

    @Test(arguments: [("não", 60), ("Sim, mas cancela o 456", 60), ("quero saber o horário", 60), ("sim", 601)])
    func anythingButAYesInTimeCancelsTheHeldCall(answer: String, after seconds: Int) async throws {
        let clock = ManualTimeSource()
        let store = InMemoryConversationStore()
        let tool = CountingTool(confirm: true)
        try await TurnWorkerTests.receive("Cancela o pedido 123", store, at: clock.now())
        var claim = try await Self.claim(store, owner: "a", clock: clock)
        let asking = ScriptedModel([Self.cancelling("123", id: "a1"), ScriptedModel.text("Confirma?")])
        try await store.completeTurn(
            claim, outcome: try await Self.processor(store, asking, tool, clock: clock).outcome(for: claim),
            now: clock.now())
        clock.advance(by: .seconds(seconds))
        try await TurnWorkerTests.receive(answer, store, at: clock.now())
        claim = try await Self.claim(store, owner: "a", clock: clock)
        let answering = ScriptedModel([ScriptedModel.text("Tudo bem, não cancelei.")])
        let outcome = try await Self.processor(store, answering, tool, clock: clock).outcome(for: claim)
        #expect(tool.calls.isEmpty)
        let told = try await Self.told(answering, request: 0)
        #expect(told["error"]?.stringValue?.hasPrefix("not done") == true)
        #expect(outcome.record.toolCalls.map(\.journal) == [.cancelled])
        #expect(outcome.replies.map(\.text) == ["Tudo bem, não cancelei."])
        try await store.completeTurn(claim, outcome: outcome, now: clock.now())
        // A yes after that releases nothing.
        try await TurnWorkerTests.receive("sim", store, at: clock.now())
        claim = try await Self.claim(store, owner: "a", clock: clock)
        let later = ScriptedModel([ScriptedModel.text("Certo.")])
        _ = try await Self.processor(store, later, tool, clock: clock).outcome(for: claim)
        #expect(tool.calls.isEmpty)
    }

    @Test func onlyAClearYesReleases() {
        func message(_ text: String) -> StoredMessage {
            StoredMessage(
                id: 1, contactID: 1, direction: .inbound, channel: .twilio, providerMessageID: nil, kind: .text,
                text: text, createdAt: Date(), status: .received, errorCode: nil, turnID: nil)
        }
        for yes in ["sim", "Sim!", " SIM. ", "s", "pode", "Sim, pode", "confirmo", "Yes", "ok", "Confirmed"] {
            #expect(ToolJournal.isYes([message(yes)]), "\(yes)")
        }
        for other in ["não", "sim?!, não", "simmm", "sim, mas amanhã", "talvez", "👍", "", "nao, sim"] {
            #expect(!ToolJournal.isYes([message(other)]), "\(other)")
        }
        #expect(!ToolJournal.isYes([message("sim"), message("obrigado")]))
    }
}

/// A model that asks for one call, then never answers again (a request still out when its turn is lost).
actor CallThenStall: LLMProvider {
    nonisolated let name = "stalling"
    let first: Result<LLMReply, LLMError>
    private(set) var requests = 0

    init(first: Result<LLMReply, LLMError>) {
        self.first = first
    }

    func reply(to request: LLMRequest) async throws -> LLMReply {
        requests += 1
        guard requests > 1 else { return try first.get() }
        try await Task.sleep(for: .seconds(86_400))
        throw CancellationError()
    }
}
