/// Turns texts into embedding vectors. The real ones call OpenAI's `/v1/embeddings` (or any server that speaks
/// it: llama.cpp, Ollama) or Gemini's `batchEmbedContents`; retries and timeouts are theirs.
public protocol Embedder: Sendable {
    /// The model, recorded with every vector: vectors of two models are never compared.
    var model: String { get }
    /// Texts sent in one call at most; the indexer splits larger batches.
    var batchSize: Int { get }
    /// One vector per text, in order, and the tokens the call was billed.
    func embed(_ texts: [String], as purpose: EmbeddingPurpose) async throws -> Embeddings
}

/// What the texts are for: some models (Gemini's) embed a document to be found and a question that finds it
/// differently.
public enum EmbeddingPurpose: Sendable {
    case document, query
}

/// What one embedding call returned.
public struct Embeddings: Sendable, Equatable {
    public var vectors: [[Float]]
    public var tokens: Int

    public init(vectors: [[Float]], tokens: Int) {
        self.vectors = vectors
        self.tokens = tokens
    }
}
