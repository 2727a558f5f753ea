import Foundation
import Synchronization
import TagarelaCore

/// A deterministic embedding for the fakes: each word (as `SearchText` reduces it) and each pair of neighbouring
/// words adds ±1 to dimensions chosen by a stable hash, and the vector is normalised. Texts that share words are
/// close and texts that share none are nearly orthogonal, so retrieval over it behaves like a (crude) real model,
/// and the same text gives the same vector on every run.
public enum FakeEmbedding {
    public static func vector(for text: String, dimensions: Int) -> [Float] {
        var vector = [Float](repeating: 0, count: dimensions)
        let words = SearchText.tokens(text)
        var features = words
        for index in words.indices.dropFirst() { features.append(words[index - 1] + " " + words[index]) }
        for feature in features {
            let hash = StableHash.fnv1a64(feature)
            vector[Int(hash % UInt64(dimensions))] += (hash >> 63) == 0 ? 1 : -1
        }
        if features.isEmpty { vector[0] = 1 }
        return KnowledgeVector.normalized(vector) ?? vector
    }
}

/// One request to a fake's embeddings endpoint, rejected ones included.
public struct FakeEmbeddingRequest: Sendable, Equatable {
    public var model: String?
    public var inputs: [String]
    /// Gemini's `taskType` of each input; empty for OpenAI, which has none.
    public var taskTypes: [String] = []
    /// Why the fake refused the request, nil when it passed validation.
    public var rejection: String?
}

/// What a fake's embeddings endpoint was asked, and the failures it is told to answer with.
actor FakeEmbeddingLog {
    private(set) var requests: [FakeEmbeddingRequest] = []
    private var failures: (status: Int, count: Int)?

    func record(_ request: FakeEmbeddingRequest) { requests.append(request) }
    func fail(status: Int, count: Int) { failures = count > 0 ? (status, count) : nil }

    /// The status of a scripted failure for this request, if one is due.
    func failure() -> Int? {
        guard let (status, count) = failures else { return nil }
        failures = count > 1 ? (status, count - 1) : nil
        return status
    }
}

/// An in-process `Embedder` over `FakeEmbedding`, for tests without a server: it records every batch it is asked
/// for and can be told to fail.
public final class InProcessEmbedder: Embedder, Sendable {
    public let model: String
    public let batchSize: Int
    let dimensions: Int
    private let state = Mutex<(batches: [[String]], failing: Bool)>(([], false))

    public init(model: String = "fake-embedding", dimensions: Int = 256, batchSize: Int = 16) {
        self.model = model
        self.dimensions = dimensions
        self.batchSize = batchSize
    }

    /// Every batch of texts embedded so far.
    public var batches: [[String]] { state.withLock { $0.batches } }

    /// Makes every later call fail (or succeed again).
    public func setFailing(_ failing: Bool) { state.withLock { $0.failing = failing } }

    public func embed(_ texts: [String], as purpose: EmbeddingPurpose) async throws -> Embeddings {
        let failing = state.withLock { state in
            state.batches.append(texts)
            return state.failing
        }
        if failing { throw LLMError.transport("embedding server unreachable") }
        return Embeddings(
            vectors: texts.map { FakeEmbedding.vector(for: $0, dimensions: dimensions) },
            tokens: texts.reduce(0) { $0 + MemoryWindow.estimatedTokens($1) })
    }
}
