import Foundation
import Logging
import Synchronization
import TagarelaCore
import TagarelaFakes
import Testing

/// `REPLY_DEADLINE_SECONDS` and `SLOW_REPLY_NOTICE_SECONDS` on the turn worker: a model that takes as long as the
/// manual clock says, so the deadline and the notice come when the test moves time, never by sleeping.
@Suite("Reply deadline and slow-reply notice", .timeLimit(.minutes(3)))
struct ReplyTimingTests {
    static let slowText = "Só um instante…"

    /// One contact's message, a worker with `timing`, and a model that answers after `takes` on the clock.
    struct World {
        let clock = ManualTimeSource()
        let store = InMemoryConversationStore()
        let model: ClockedModel
        let observer = NoticeObserver()
        let worker: TurnWorker
        let signal = WorkSignal()

        init(timing: ReplyTiming, takes: Duration, owner: String = "w") {
            model = ClockedModel(clock: clock, takes: takes)
            var policy = TurnWorkerTests.policy()
            policy.texts.slowReply = ReplyTimingTests.slowText
            policy.timing = timing
            let processor = TurnProcessor(
                store: store, llm: model, policy: policy, textLimits: [.twilio: 1600], timeSource: clock,
                logger: Logger(label: "test"))
            worker = TurnWorker(
                store: store, processor: processor,
                settings: TurnWorker.Settings(
                    owner: owner, channels: [.twilio], maxConcurrentTurns: 1, leaseDuration: .seconds(60)),
                timeSource: clock, signal: signal, outboxSignal: WorkSignal(), observer: observer,
                logger: Logger(label: "test"))
        }

        /// Runs the worker while `body` moves the clock.
        func running(_ body: @Sendable () async throws -> Void) async throws {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await worker.run() }
                signal.signal()
                try await body()
                group.cancelAll()
            }
        }

        /// What the contact was sent (or will be), oldest first.
        func outbound() async throws -> [String] {
            try await store.messages(contactID: 1).filter { $0.direction == .outbound }.compactMap(\.text)
        }

        func turnStatuses() async throws -> [String] {
            try await store.turns(contactID: 1).map(\.status)
        }
    }

    @Test func aTurnPastItsDeadlineGetsTheFallbackAndIsRecordedTimedOut() async throws {
        let world = World(timing: ReplyTiming(deadline: .seconds(60)), takes: .seconds(600))
        try await TurnWorkerTests.receive("Oi", world.store, at: world.clock.now())
        try await world.running {
            try await waitUntil("the model asked") { await world.model.asked == 1 }
            world.clock.advance(by: .seconds(59))
            #expect(try await world.turnStatuses() == ["running"])
            world.clock.advance(by: .seconds(1))
            try await waitUntil("the turn recorded") { try await world.turnStatuses() == ["timed_out"] }
        }
        #expect(try await world.outbound() == [TurnWorkerTests.texts.fallback])
        #expect(await world.model.answered == 0)
        let stats = try await world.store.stats()
        #expect(stats.turnsFailed == 1 && stats.turnsAnswered == 0)
        let week = try await world.store.activity(
            since: world.clock.now().addingTimeInterval(-7 * 86_400), utcOffset: 0)
        #expect(week.map(\.turns) == [1] && week.map(\.failedTurns) == [1])
    }

    @Test func aSlowTurnTellsTheContactOnceAndBeforeTheAnswer() async throws {
        let world = World(timing: ReplyTiming(deadline: .seconds(60), slowNotice: .seconds(10)), takes: .seconds(20))
        try await TurnWorkerTests.receive("Oi", world.store, at: world.clock.now())
        try await world.running {
            try await waitUntil("the model asked") { await world.model.asked == 1 }
            world.clock.advance(by: .seconds(10))
            try await waitUntil("the notice queued") { world.observer.due == [true] }
            #expect(try await world.outbound() == [Self.slowText])
            world.clock.advance(by: .seconds(10))
            try await waitUntil("the turn answered") { try await world.turnStatuses() == ["answered"] }
        }
        #expect(try await world.outbound() == [Self.slowText, "Resposta"])
        #expect(world.observer.due == [true])
    }

    @Test func aQuickAnswerSendsNoNotice() async throws {
        let world = World(timing: ReplyTiming(deadline: .seconds(60), slowNotice: .seconds(10)), takes: .seconds(5))
        try await TurnWorkerTests.receive("Oi", world.store, at: world.clock.now())
        try await world.running {
            try await waitUntil("the model asked") { await world.model.asked == 1 }
            world.clock.advance(by: .seconds(5))
            try await waitUntil("the turn answered") { try await world.turnStatuses() == ["answered"] }
            // The notice's moment and the deadline pass after the answer: nothing more is said.
            world.clock.advance(by: .seconds(60))
        }
        #expect(try await world.outbound() == ["Resposta"])
        #expect(world.observer.due.isEmpty)
    }

    @Test func aTurnRunAgainAfterACrashDoesNotRepeatTheNotice() async throws {
        let world = World(
            timing: ReplyTiming(deadline: .seconds(60), slowNotice: .seconds(10)), takes: .seconds(20), owner: "b")
        try await TurnWorkerTests.receive("Oi", world.store, at: world.clock.now())
        // The first worker claimed the turn, told the contact to wait, and died before answering.
        let first = try #require(
            try await world.store.claimTurns(
                owner: "a", channels: [.twilio], now: world.clock.now(), leaseDuration: .seconds(60), limit: 1
            ).first)
        #expect(try await world.store.queueTurnNotice(Self.slowText, claim: first, now: world.clock.now()))
        world.clock.advance(by: .seconds(61))
        try await world.running {
            try await waitUntil("the model asked again") { await world.model.asked == 1 }
            world.clock.advance(by: .seconds(10))
            try await waitUntil("the notice's moment came") { world.observer.due == [false] }
            world.clock.advance(by: .seconds(10))
            try await waitUntil("the turn answered") { try await world.turnStatuses() == ["abandoned", "answered"] }
        }
        #expect(try await world.outbound() == [Self.slowText, "Resposta"])
    }
}

/// A model that answers "Resposta" after `takes` on the manual clock; cancelled, it never answers.
actor ClockedModel: LLMProvider {
    nonisolated let name = "clocked"
    let clock: ManualTimeSource
    let takes: Duration
    private(set) var asked = 0
    private(set) var answered = 0

    init(clock: ManualTimeSource, takes: Duration) {
        self.clock = clock
        self.takes = takes
    }

    func reply(to request: LLMRequest) async throws -> LLMReply {
        // Read with the count, so a test that saw the request and then moved the clock moved it past this moment.
        let ready = clock.now().addingTimeInterval(takes.timeInterval)
        asked += 1
        try await clock.sleep(until: ready)
        answered += 1
        return LLMReply(
            text: "Resposta", usage: TokenUsage(inputTokens: 10, outputTokens: 2), model: "m", provider: name)
    }
}

/// Records each slow-notice moment a worker reached.
final class NoticeObserver: WorkObserver {
    private let recorded = Mutex<[Bool]>([])

    var due: [Bool] { recorded.withLock { $0 } }

    func slowNoticeDue(queued: Bool) {
        recorded.withLock { $0.append(queued) }
    }
}
