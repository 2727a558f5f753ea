import Foundation
import TagarelaCore

/// An `Embedder` for Gemini's `models/{model}:batchEmbedContents`
/// (https://ai.google.dev/api/embeddings#method:-models.batchembedcontents): a document is embedded for retrieval
/// (`RETRIEVAL_DOCUMENT`), a question for finding it (`RETRIEVAL_QUERY`).
public struct GeminiEmbedder: Embedder {
    public let name = "gemini-embeddings"
    let connection: ProviderConnection
    let endpoint: String
    /// The API takes at most 100 requests per batch.
    public let batchSize = 100

    static let maxResponseBytes = 32 * 1024 * 1024

    /// `connection.model` is the embedding model (`gemini-embedding-001`), with or without `models/`.
    public init(connection: ProviderConnection) {
        self.connection = connection
        self.endpoint = "\(connection.baseURL)/\(Self.resource(connection.model)):batchEmbedContents"
    }

    public var model: String { connection.model }

    static func resource(_ model: String) -> String {
        model.hasPrefix("models/") ? model : "models/" + model
    }

    public func embed(_ texts: [String], as purpose: EmbeddingPurpose) async throws -> Embeddings {
        guard !texts.isEmpty else { return Embeddings(vectors: [], tokens: 0) }
        let task = purpose == .query ? "RETRIEVAL_QUERY" : "RETRIEVAL_DOCUMENT"
        let requests = texts.map {
            BatchEmbedRequest.Request(
                model: Self.resource(model), content: .init(parts: [.init(text: $0)]), taskType: task)
        }
        let body = try JSONEncoder().encode(BatchEmbedRequest(requests: requests))
        let bytes = try await connection.attempts(name) {
            try await connection.geminiRequest(body, to: endpoint, provider: name, maxBodySize: Self.maxResponseBytes)
        }
        let decoded = try ProviderAnswer.decode(BatchEmbedResponse.self, from: bytes, as: "a batchEmbedContents answer")
        guard decoded.embeddings.count == texts.count else {
            throw LLMError.invalidResponse("\(decoded.embeddings.count) embeddings for \(texts.count) texts")
        }
        // The answer reports no usage: the tokens are estimated as everywhere else.
        let tokens = texts.reduce(0) { $0 + MemoryWindow.estimatedTokens($1) }
        return Embeddings(vectors: decoded.embeddings.map(\.values), tokens: tokens)
    }
}

/// The JSON body of `batchEmbedContents`.
struct BatchEmbedRequest: Encodable {
    struct Request: Encodable {
        struct Content: Encodable {
            struct Part: Encodable {
                var text: String
            }

            var parts: [Part]
        }

        var model: String
        var content: Content
        var taskType: String
    }

    var requests: [Request]
}

struct BatchEmbedResponse: Decodable {
    struct Embedding: Decodable {
        var values: [Float]
    }

    var embeddings: [Embedding]
}
