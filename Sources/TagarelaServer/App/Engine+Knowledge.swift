import AsyncHTTPClient
import Foundation
import Logging
import TagarelaCore
import TagarelaProviders

extension Engine {
    /// The knowledge base every turn searches (its index is built on first use and whenever the documents change).
    static func makeKnowledgeBase(
        _ configuration: Configuration, store: any KnowledgeStore, httpClient: HTTPClient, timeSource: any TimeSource,
        logger: Logger
    ) -> KnowledgeBase {
        let settings = configuration.knowledge
        return KnowledgeBase(
            store: store,
            embedder: makeEmbedder(configuration, httpClient: httpClient, timeSource: timeSource, logger: logger),
            maxTokens: settings.maxTokens, minSimilarity: Float(settings.minSimilarity), logger: logger)
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

    /// What `tagarela knowledge` uses to add files: the same store, chunking and embedder as the server.
    public static func makeKnowledgeIndexer(
        _ configuration: Configuration, store: any KnowledgeStore, httpClient: HTTPClient, timeSource: any TimeSource,
        logger: Logger
    ) -> KnowledgeIndexer {
        let settings = configuration.knowledge
        return KnowledgeIndexer(
            store: store, reader: KnowledgeReader(pdf: PDFToText()),
            chunker: KnowledgeChunker(maxTokens: settings.chunkTokens, overlapTokens: settings.chunkOverlap),
            embedder: makeEmbedder(configuration, httpClient: httpClient, timeSource: timeSource, logger: logger),
            timeSource: timeSource)
    }
}

extension Engine {
    /// Runs `body` with the installation's knowledge base and the indexer that fills it: for `tagarela knowledge`.
    public static func withKnowledge<Result: Sendable>(
        _ configuration: Configuration, logger: Logger,
        _ body: (KnowledgeIndexer, KnowledgeBase) async throws -> Result
    ) async throws -> Result {
        try await withStore(configuration, logger: logger) { store, _, httpClient in
            let clock = SystemTimeSource()
            return try await body(
                makeKnowledgeIndexer(
                    configuration, store: store, httpClient: httpClient, timeSource: clock, logger: logger),
                makeKnowledgeBase(
                    configuration, store: store, httpClient: httpClient, timeSource: clock, logger: logger))
        }
    }
}
