import Foundation
import Logging
import ServiceLifecycle

/// Folds contacts' older messages into their running summaries, after the turns that queued the folds, never in a
/// turn's way: claims due folds under a lease, asks the model for the new summary (previous summary + the folded
/// messages) and stores it under fencing. A failed fold stays queued and is retried later; nothing is lost.
public final class SummaryWorker: Service {
    public struct Settings: Sendable {
        /// This instance's name in leases.
        public var owner: String
        /// `MEMORY_SUMMARY_MAX_TOKENS`: the longest summary; a longer answer is cut at a line.
        public var maxTokens: Int
        /// At most this many messages are folded by one model call; the rest by the next, at once.
        public var messagesPerFold: Int
        public var concurrency: Int
        /// Long enough for the model's attempts; a worker that dies leaves the fold to another after it.
        public var leaseDuration: Duration
        public var pollInterval: Duration

        public init(
            owner: String, maxTokens: Int, messagesPerFold: Int = 100, concurrency: Int = 2,
            leaseDuration: Duration = .seconds(300), pollInterval: Duration = .seconds(5)
        ) {
            self.owner = owner
            self.maxTokens = max(1, maxTokens)
            self.messagesPerFold = max(1, messagesPerFold)
            self.concurrency = max(1, concurrency)
            self.leaseDuration = leaseDuration
            self.pollInterval = pollInterval
        }
    }

    let store: any MemorySummaryStore
    let llm: any LLMProvider
    public let settings: Settings
    /// `LLM_PRICES`: what a fold cost is recorded with it, like a turn's.
    let prices: Prices
    let timeSource: any TimeSource
    /// Signalled by the turn worker when a turn queued a fold.
    let signal: WorkSignal
    let logger: Logger

    public init(
        store: any MemorySummaryStore, llm: any LLMProvider, settings: Settings, prices: Prices = Prices(),
        timeSource: any TimeSource, signal: WorkSignal, logger: Logger
    ) {
        self.store = store
        self.llm = llm
        self.settings = settings
        self.prices = prices
        self.timeSource = timeSource
        self.signal = signal
        self.logger = logger
    }

    public func run() async throws {
        let loop = ClaimLoop<SummaryJob>(
            capacity: settings.concurrency, signal: signal, timeSource: timeSource,
            pollInterval: settings.pollInterval, minimumWait: .milliseconds(100), logger: logger)
        await loop.run(
            claim: { [store, settings, timeSource] limit in
                try await store.claimSummaryJobs(
                    owner: settings.owner, now: timeSource.now(), leaseDuration: settings.leaseDuration, limit: limit)
            },
            process: { job in await self.run(job) },
            nextDue: { [store] in try await store.nextSummaryDue() })
    }

    /// Runs one fold; what goes wrong is logged and leaves the fold queued.
    func run(_ job: SummaryJob) async {
        let metadata: Logger.Metadata = ["contact": "\(job.contactID)", "through": "\(job.summary.foldThrough)"]
        do {
            try await fold(job)
        } catch StorageError.leaseLost {
            logger.warning("summary lease lost (the fold ran elsewhere or memory was cleared)", metadata: metadata)
        } catch {
            logger.error("summary could not be recorded", metadata: metadata.merging(["error": "\(error)"]) { $1 })
        }
    }

    /// Folds the job's messages into the contact's summary; a model failure puts the fold back, due after a backoff.
    public func fold(_ job: SummaryJob) async throws {
        let messages = try await store.messagesToFold(job, limit: settings.messagesPerFold)
        let started = ContinuousClock.now
        let now = timeSource.now()
        guard let last = messages.last else {
            // Nothing the model would read (cleared, or notices only): the summary now covers the span as it is.
            try await store.completeSummaryJob(
                job, text: job.summary.text, through: job.summary.foldThrough,
                record: TurnRecord(status: .skipped, note: "nothing to fold"), now: now)
            return
        }
        let reply: LLMReply
        do {
            reply = try await llm.reply(to: SummaryPrompt.request(previous: job.summary.text, messages, settings))
        } catch {
            let delay = Self.backoff(attempt: job.attempts + 1)
            logger.error(
                "the model could not summarise; the fold is retried later",
                metadata: ["contact": "\(job.contactID)", "in": "\(delay)", "error": "\(error)"])
            try await store.retrySummaryJob(job, at: now.addingTimeInterval(delay.timeInterval))
            return
        }
        var record = TurnRecord(
            status: .answered, provider: reply.provider, model: reply.model, usage: reply.usage,
            latency: ContinuousClock.now - started,
            note: "memory summarised through message \(last.id) (\(messages.count) messages)")
        record.cost = prices.cost(of: record)
        let text = SummaryPrompt.bounded(reply.text, maxTokens: settings.maxTokens)
        try await store.completeSummaryJob(job, text: text, through: last.id, record: record, now: timeSource.now())
    }

    /// 30 s, doubling, at most an hour: a model that is down is not asked again and again.
    static func backoff(attempt: Int) -> Duration {
        .seconds(min(3600, 30 << min(max(0, attempt - 1), 7)))
    }
}
