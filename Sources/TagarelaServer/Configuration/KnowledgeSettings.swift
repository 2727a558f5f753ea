import Foundation

/// The knowledge base: how passages are cut (`KNOWLEDGE_*`) and embedded (`EMBEDDINGS_*`), and how much of it a
/// turn is given.
public struct KnowledgeSettings: Sendable, Equatable {
    /// Who embeds passages and questions.
    public enum Provider: String, Sendable, Equatable, CaseIterable {
        /// Full-text retrieval only.
        case none
        /// `POST {base}/embeddings`: OpenAI, or any compatible server (llama.cpp, Ollama).
        case openai
        /// Gemini's `batchEmbedContents` (`GEMINI_API_KEY`, `GEMINI_BASE_URL` unless set).
        case gemini
    }

    /// `EMBEDDINGS_PROVIDER`; by default `openai` when OpenAI's own API is configured or `EMBEDDINGS_BASE_URL` is
    /// set, else `gemini` when Gemini is, else `none`.
    public var provider: Provider
    /// `EMBEDDINGS_BASE_URL`; the provider's own by default.
    public var baseURL: URL
    /// `EMBEDDINGS_API_KEY`, else the provider's key (`OPENAI_API_KEY`, `GEMINI_API_KEY`). Secret.
    public var apiKey: String?
    /// `EMBEDDINGS_MODEL`: `text-embedding-3-small` (OpenAI) or `gemini-embedding-001` (Gemini) by default.
    public var model: String
    /// `KNOWLEDGE_MAX_TOKENS`: the most reference material one turn is given (1500); 0 gives none (the
    /// `search_knowledge` tool still works).
    public var maxTokens: Int
    /// `KNOWLEDGE_CHUNK_TOKENS` and `KNOWLEDGE_CHUNK_OVERLAP`: the passages' size and how much of the previous one
    /// each repeats (300 and 40).
    public var chunkTokens: Int
    public var chunkOverlap: Int
    /// `KNOWLEDGE_MIN_SIMILARITY`: a vector match below this cosine similarity is no match (0.3).
    public var minSimilarity: Double

    public static let defaultOpenAIModel = "text-embedding-3-small"
    public static let defaultGeminiModel = "gemini-embedding-001"
}

extension KnowledgeSettings {
    init(_ reader: EnvironmentReader, openAI: OpenAIConfiguration?, gemini: GeminiConfiguration?)
        throws(ConfigurationError)
    {
        let explicitURL = try reader.httpURL("EMBEDDINGS_BASE_URL", example: "http://localhost:8080/v1")
        let usesOpenAI = openAI?.baseURLIsOpenAI == true && openAI?.apiKey != nil
        let fallback: Provider = explicitURL != nil || usesOpenAI ? .openai : gemini != nil ? .gemini : .none
        let provider: Provider = try reader.choice("EMBEDDINGS_PROVIDER", default: fallback)
        let apiKey: String?
        let baseURL: URL
        switch provider {
        case .gemini:
            guard let gemini else {
                throw ConfigurationError(
                    setting: "EMBEDDINGS_PROVIDER",
                    message: "EMBEDDINGS_PROVIDER is gemini, but GEMINI_API_KEY is not set")
            }
            apiKey = reader.string("EMBEDDINGS_API_KEY") ?? gemini.apiKey
            baseURL = explicitURL ?? gemini.baseURL
        case .openai, .none:
            apiKey = reader.string("EMBEDDINGS_API_KEY") ?? openAI?.apiKey
            baseURL = explicitURL ?? (usesOpenAI ? openAI?.baseURL : nil) ?? OpenAIConfiguration.defaultBaseURL
        }
        if provider == .openai, apiKey == nil, baseURL.host?.lowercased() == "api.openai.com" {
            throw ConfigurationError(
                setting: "EMBEDDINGS_PROVIDER",
                message: "EMBEDDINGS_PROVIDER is openai, but neither EMBEDDINGS_API_KEY nor OPENAI_API_KEY is set")
        }
        let chunkTokens = try reader.int("KNOWLEDGE_CHUNK_TOKENS", default: 300, in: 64...4000)
        self.init(
            provider: provider, baseURL: baseURL, apiKey: apiKey,
            model: reader.string("EMBEDDINGS_MODEL")
                ?? (provider == .gemini ? Self.defaultGeminiModel : Self.defaultOpenAIModel),
            maxTokens: try reader.int("KNOWLEDGE_MAX_TOKENS", default: 1500, in: 0...32_000),
            chunkTokens: chunkTokens,
            chunkOverlap: try reader.int("KNOWLEDGE_CHUNK_OVERLAP", default: 40, in: 0...(chunkTokens / 2)),
            minSimilarity: try reader.optionalDouble("KNOWLEDGE_MIN_SIMILARITY", in: -1...1) ?? 0.3)
    }
}
