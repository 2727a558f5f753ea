import Foundation
import TagarelaCore

/// An `Embedder` for OpenAI's `POST /embeddings`, and so for any server that speaks it (llama.cpp's
/// `llama-server --embeddings`, Ollama, vLLM) given its base URL.
public struct OpenAIEmbedder: Embedder {
    public let name = "openai-embeddings"
    let connection: ProviderConnection
    let endpoint: String
    /// OpenAI takes up to 2,048 inputs a call; fewer keep one failed call cheap to repeat.
    public let batchSize = 128

    /// The largest answer read: 128 vectors of 3,072 floats as JSON text are a few megabytes.
    static let maxResponseBytes = 32 * 1024 * 1024

    /// `connection.model` is the embedding model (`text-embedding-3-small`).
    public init(connection: ProviderConnection) {
        self.connection = connection
        self.endpoint = connection.baseURL + "/embeddings"
    }

    public var model: String { connection.model }

    public func embed(_ texts: [String], as purpose: EmbeddingPurpose) async throws -> Embeddings {
        guard !texts.isEmpty else { return Embeddings(vectors: [], tokens: 0) }
        let body = try JSONEncoder().encode(EmbeddingRequest(model: model, input: texts, encodingFormat: "float"))
        let bytes = try await connection.attempts(name) {
            try await connection.openAIRequest(
                body, to: endpoint, provider: name, maxBodySize: Self.maxResponseBytes)
        }
        let decoded = try ProviderAnswer.decode(EmbeddingResponse.self, from: bytes, as: "an embeddings answer")
        // `index` says which input each vector is for; the order of the list is not promised.
        var vectors = [[Float]?](repeating: nil, count: texts.count)
        for item in decoded.data where vectors.indices.contains(item.index) {
            vectors[item.index] = item.embedding
        }
        guard vectors.allSatisfy({ $0 != nil }) else {
            throw LLMError.invalidResponse("the answer lacks a vector for some inputs")
        }
        let tokens = decoded.usage?.totalTokens ?? texts.reduce(0) { $0 + MemoryWindow.estimatedTokens($1) }
        return Embeddings(vectors: vectors.map { $0! }, tokens: tokens)
    }
}

/// The JSON body of `POST /embeddings`.
struct EmbeddingRequest: Encodable {
    var model: String
    var input: [String]
    var encodingFormat: String

    enum CodingKeys: String, CodingKey {
        case model, input
        case encodingFormat = "encoding_format"
    }
}

/// The parts of the answer read.
struct EmbeddingResponse: Decodable {
    struct Item: Decodable {
        var index: Int
        var embedding: [Float]
    }

    struct Usage: Decodable {
        var totalTokens: Int?

        enum CodingKeys: String, CodingKey {
            case totalTokens = "total_tokens"
        }
    }

    var data: [Item]
    var usage: Usage?
}
