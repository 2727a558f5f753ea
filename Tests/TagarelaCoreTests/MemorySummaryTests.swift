import Foundation
import Logging
import TagarelaCore
import TagarelaFakes
import Testing

/// Running summaries on the in-memory store, a deterministic model and a manual clock: a fold queued when the window
/// overflows, made after the turn, read by the next turns; run once; retried after a failure; and a fact from
/// message 5 still reaching the model at message 500.
@Suite("Running summaries beyond the memory window", .timeLimit(.minutes(3)))
struct MemorySummaryTests {
    /// Answers turns with "ok" and summarises by keeping the lines (of the previous summary and the new messages)
    /// that hold one of `keywords`: a model whose summaries a test can predict.
    actor KeywordModel: LLMProvider {
        nonisolated let name = "keywords"
        let keywords: [String]
        private(set) var requests: [LLMRequest] = []
        /// Summaries that fail before one succeeds.
        var failures: Int

        init(keywords: [String], failures: Int = 0) {
            self.keywords = keywords
            self.failures = failures
        }

        var turnRequests: [LLMRequest] { requests.filter { !Self.isSummary($0) } }
        var summaryRequests: [LLMRequest] { requests.filter(Self.isSummary) }

        static func isSummary(_ request: LLMRequest) -> Bool {
            request.systemPrompt.hasPrefix("You keep the running summary")
        }

        func reply(to request: LLMRequest) async throws -> LLMReply {
            requests.append(request)
            guard Self.isSummary(request) else {
                return LLMReply(
                    text: "ok", usage: TokenUsage(inputTokens: 10, outputTokens: 1), model: "m", provider: name)
            }
            if failures > 0 {
                failures -= 1
                throw LLMError.invalidResponse("summariser down")
            }
            let lines = (request.messages.first?.content ?? "").split(separator: "\n").map(String.init)
            var kept: [String] = []
            for line in lines where keywords.contains(where: line.contains) && !kept.contains(line) {
                kept.append(line)
            }
            return LLMReply(
                text: kept.joined(separator: "\n"), usage: TokenUsage(inputTokens: 50, outputTokens: 8), model: "m",
                provider: name)
        }
    }

    static func policy(maxMessages: Int, summaryMaxTokens: Int = 100) -> TurnPolicy {
        TurnPolicy(
            systemPrompt: "Você é o assistente.",
            memory: MemoryWindow(maxTokens: 3000, maxMessages: maxMessages, summaryMaxTokens: summaryMaxTokens),
            guards: ContactGuards(rateLimitMessages: 0), texts: TurnWorkerTests.texts)
    }

    static func processor(
        _ store: InMemoryConversationStore, _ model: KeywordModel, maxMessages: Int, clock: ManualTimeSource
    ) -> TurnProcessor {
        TurnProcessor(
            store: store, llm: model, policy: policy(maxMessages: maxMessages), textLimits: [.twilio: 1600],
            timeSource: clock, logger: Logger(label: "test"))
    }

    static func summaries(_ store: InMemoryConversationStore, _ model: KeywordModel, clock: ManualTimeSource)
        -> SummaryWorker
    {
        SummaryWorker(
            store: store, llm: model,
            settings: SummaryWorker.Settings(owner: "s", maxTokens: 100, leaseDuration: .seconds(60)),
            timeSource: clock, signal: WorkSignal(), logger: Logger(label: "test"))
    }

    /// One turn for the contact's message `text`, recorded; returns what it queued.
    @discardableResult
    static func turn(
        _ text: String, _ store: InMemoryConversationStore, _ processor: TurnProcessor, clock: ManualTimeSource
    ) async throws -> TurnOutcome {
        try await TurnWorkerTests.receive(text, store, at: clock.now())
        let claim = try #require(
            try await store.claimTurns(
                owner: "w", channels: [.twilio], now: clock.now(), leaseDuration: .seconds(60), limit: 1
            ).first)
        let outcome = try await processor.outcome(for: claim)
        try await store.completeTurn(claim, outcome: outcome, now: clock.now())
        clock.advance(by: .seconds(1))
        return outcome
    }

    /// Runs every due fold, as the summary worker would after the turn.
    static func foldDue(_ store: InMemoryConversationStore, _ worker: SummaryWorker, clock: ManualTimeSource)
        async throws
    {
        while let job = try await store.claimSummaryJobs(
            owner: "s", now: clock.now(), leaseDuration: .seconds(60), limit: 1
        ).first {
            try await worker.fold(job)
        }
    }

    @Test func theWorkersFoldAfterTheTurnAndTheNextTurnReadsTheSummaryFirst() async throws {
        let clock = ManualTimeSource()
        let store = InMemoryConversationStore()
        let model = KeywordModel(keywords: ["Ana"])
        let processor = Self.processor(store, model, maxMessages: 6, clock: clock)
        let turns = WorkSignal()
        let summaries = WorkSignal()
        let turnWorker = TurnWorker(
            store: store, processor: processor,
            settings: TurnWorker.Settings(
                owner: "w", channels: [.twilio], maxConcurrentTurns: 2, leaseDuration: .seconds(60)),
            timeSource: clock, signal: turns, outboxSignal: WorkSignal(), summarySignal: summaries,
            logger: Logger(label: "test"))
        let summaryWorker = SummaryWorker(
            store: store, llm: model, settings: SummaryWorker.Settings(owner: "w", maxTokens: 100),
            timeSource: clock, signal: summaries, logger: Logger(label: "test"))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await turnWorker.run() }
            group.addTask { try await summaryWorker.run() }
            for (index, text) in ["Meu nome é Ana", "Quero um bolo", "De chocolate", "Para sábado"].enumerated() {
                try await TurnWorkerTests.receive(text, store, at: clock.now())
                turns.signal()
                try await waitUntil("turn \(index + 1) answered") { try await store.stats().turnsAnswered == index + 1 }
            }
            // The fourth turn read six messages, none summarised: it queued a fold, which ran after it.
            try await waitUntil("the fold made") {
                try await store.memorySummary(contactID: 1)?.text == "Contato: Meu nome é Ana"
            }
            let summary = try #require(try await store.memorySummary(contactID: 1))
            #expect(summary.throughMessageID > 0 && summary.foldThrough == summary.throughMessageID)
            #expect(await model.summaryRequests.count == 1)
            #expect(await model.turnRequests.count == 4)
            try await TurnWorkerTests.receive("Pode entregar?", store, at: clock.now())
            turns.signal()
            try await waitUntil("turn 5 answered") { try await store.stats().turnsAnswered == 5 }
            group.cancelAll()
        }
        let last = try #require(await model.turnRequests.last)
        // The summary first, as data, then only the messages it does not cover; the instructions stay the same.
        let first = try #require(last.messages.first)
        #expect(first.role == .user && first.content.hasPrefix("<conversation_summary>\nContato: Meu nome é Ana\n"))
        #expect(!last.messages.dropFirst().contains { $0.content.contains("Meu nome é Ana") })
        #expect(last.messages.last?.content == "Pode entregar?")
        #expect(last.systemPrompt == "Você é o assistente.\n\n" + MemorySummary.instructions)
        // The fold's model call counts in the contact's spending.
        #expect(try await store.spending(contactID: 1, since: .distantPast).tokens == 5 * 11 + 58)
    }

    @Test func aFoldRunAgainAfterALostLeaseFoldsOnceAndAFailedOneIsRetried() async throws {
        let clock = ManualTimeSource()
        let store = InMemoryConversationStore()
        let model = KeywordModel(keywords: ["bolo"], failures: 1)
        let processor = Self.processor(store, model, maxMessages: 4, clock: clock)
        let worker = Self.summaries(store, model, clock: clock)
        for text in ["Quero um bolo", "De chocolate", "Para sábado"] {
            try await Self.turn(text, store, processor, clock: clock)
        }
        let queued = try #require(try await store.memorySummary(contactID: 1))
        #expect(queued.foldThrough > 0 && queued.text.isEmpty)
        // The model fails: nothing is lost, the fold waits 30 s.
        let failing = try #require(
            try await store.claimSummaryJobs(owner: "s", now: clock.now(), leaseDuration: .seconds(60), limit: 1).first)
        try await worker.fold(failing)
        #expect(try await store.memorySummary(contactID: 1) == queued)
        #expect(try await store.nextSummaryDue() == clock.now().addingTimeInterval(30))
        clock.advance(by: .seconds(30))
        // A worker takes the fold and dies; after its lease another takes it over and folds.
        let lost = try #require(
            try await store.claimSummaryJobs(owner: "s", now: clock.now(), leaseDuration: .seconds(60), limit: 1).first)
        #expect(lost.attempts == 1)
        clock.advance(by: .seconds(61))
        let taken = try #require(
            try await store.claimSummaryJobs(owner: "t", now: clock.now(), leaseDuration: .seconds(60), limit: 1).first)
        try await worker.fold(taken)
        // The first worker comes back and finishes its call: its result is refused, the summary was made once.
        await #expect(throws: StorageError.leaseLost) { try await worker.fold(lost) }
        let summary = try #require(try await store.memorySummary(contactID: 1))
        #expect(summary.text == "Contato: Quero um bolo" && summary.throughMessageID == queued.foldThrough)
        let made = try await store.turns(contactID: 1).filter { $0.status == TurnRecord.Status.summaryRaw }
        #expect(made.count == 1)
    }

    @Test func aFactFromMessageFiveStillReachesTheModelAtMessage500() async throws {
        let clock = ManualTimeSource()
        let store = InMemoryConversationStore()
        let model = KeywordModel(keywords: ["alergia"])
        let processor = Self.processor(store, model, maxMessages: 10, clock: clock)
        let worker = Self.summaries(store, model, clock: clock)
        var largest = 0
        // 250 exchanges: the contact's messages are 1, 3, 5... and the bot's 2, 4, 6...; message 5 holds the fact.
        for exchange in 1...250 {
            let text = exchange == 3 ? "Tenho alergia a amendoim" : "Mensagem \(exchange * 2 - 1) sobre o pedido"
            try await Self.turn(text, store, processor, clock: clock)
            try await Self.foldDue(store, worker, clock: clock)
            let request = try #require(await model.turnRequests.last)
            largest = max(largest, request.messages.reduce(0) { $0 + MemoryWindow.estimatedTokens($1.content) })
        }
        let last = try #require(await model.turnRequests.last)
        #expect(last.messages.last?.content == "Mensagem 499 sobre o pedido")
        #expect(last.messages.first?.content.contains("Contato: Tenho alergia a amendoim") == true)
        #expect(last.messages.count <= 10)
        // Bounded: the summary stayed within its limit and the request never grew past the window and the summary.
        let summary = try #require(try await store.memorySummary(contactID: 1))
        #expect(MemoryWindow.estimatedTokens(summary.text) <= 100)
        #expect(largest < 10 * 20 + 100)
        // Folded about once per half window (five messages), not once per message.
        #expect(await model.summaryRequests.count < 125)
    }
}
