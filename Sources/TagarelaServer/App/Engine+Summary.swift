import Foundation
import Logging
import TagarelaCore

extension Engine {
    /// The worker that folds older messages into running summaries with the turns' own model chain; nil when there
    /// is no running summary (`MEMORY_SUMMARY=off`, `OPENAI_HISTORY=conversations`, `LLM_DISABLED`).
    static func makeSummaryWorker(
        _ configuration: Configuration, store: any MemorySummaryStore, llm: any LLMProvider, owner: String,
        signal: WorkSignal, timeSource: any TimeSource, logger: Logger
    ) -> SummaryWorker? {
        let maxTokens = configuration.memorySummaryTokens
        guard maxTokens > 0, !configuration.models.disabled else { return nil }
        let models = configuration.models
        // Every attempt at every provider of the chain may run out its time before the fold is given up.
        let calls = Int64(max(1, models.maxAttempts) * max(1, models.chain.count))
        let lease = max(configuration.queue.turnLease, models.timeout * calls + .seconds(30))
        return SummaryWorker(
            store: store, llm: llm,
            settings: SummaryWorker.Settings(
                owner: owner, maxTokens: maxTokens, messagesPerFold: max(20, configuration.memory.maxMessages * 2),
                leaseDuration: lease),
            prices: models.prices, timeSource: timeSource, signal: signal, logger: logger)
    }
}
