import AsyncHTTPClient
import Foundation
import Logging
import TagarelaCore
import TagarelaProviders

extension Engine {
    /// The knowledge base every turn searches (its index is built on first use and whenever the documents change)
    /// and the indexer that fills it, with one embedder between them: the server's turns and dashboard, and
    /// `tagarela knowledge`, alike.
    static func makeKnowledge(
        _ configuration: Configuration, store: any KnowledgeStore, httpClient: HTTPClient, timeSource: any TimeSource,
        logger: Logger
    ) -> (base: KnowledgeBase, indexer: KnowledgeIndexer) {
        let settings = configuration.knowledge
        let embedder = makeEmbedder(configuration, httpClient: httpClient, timeSource: timeSource, logger: logger)
        return (
            KnowledgeBase(
                store: store, embedder: embedder, maxTokens: settings.maxTokens,
                minSimilarity: Float(settings.minSimilarity), logger: logger),
            KnowledgeIndexer(
                store: store, reader: KnowledgeReader(pdf: PDFToText()),
                chunker: KnowledgeChunker(maxTokens: settings.chunkTokens, overlapTokens: settings.chunkOverlap),
                embedder: embedder, timeSource: timeSource)
        )
    }

    /// The embedder `EMBEDDINGS_PROVIDER` names; nil for `none`. A question embedded during a turn must not hold
    /// the reply up long: the model timeout and attempts apply.
    public static func makeEmbedder(
        _ configuration: Configuration, httpClient: HTTPClient, timeSource: any TimeSource, logger: Logger
    ) -> (any Embedder)? {
        let settings = configuration.knowledge
        let connection = ProviderConnection(
            httpClient: httpClient, baseURL: settings.baseURL.absoluteString, apiKey: settings.apiKey,
            model: settings.model, timeout: configuration.models.timeout,
            retryPolicy: RetryPolicy(maxAttempts: configuration.models.maxAttempts), timeSource: timeSource,
            logger: logger)
        switch settings.provider {
        case .none: return nil
        case .openai: return OpenAIEmbedder(connection: connection)
        case .gemini: return GeminiEmbedder(connection: connection)
        }
    }
}

extension Engine {
    /// Runs `body` with the installation's knowledge base and the indexer that fills it: for `tagarela knowledge`.
    public static func withKnowledge<Result: Sendable>(
        _ configuration: Configuration, logger: Logger,
        _ body: (KnowledgeIndexer, KnowledgeBase) async throws -> Result
    ) async throws -> Result {
        try await withStore(configuration, logger: logger) { store, _, httpClient in
            let knowledge = makeKnowledge(
                configuration, store: store, httpClient: httpClient, timeSource: SystemTimeSource(), logger: logger)
            return try await body(knowledge.indexer, knowledge.base)
        }
    }
}
