import Foundation
import Logging

/// Retrieval from the knowledge base: full text and vector similarity, fused by reciprocal rank.
///
/// Each list ranks its own way (BM25 scores and cosine similarities do not compare), so they are fused by rank:
/// a chunk's score is the sum of 1 / (60 + rank) over the lists that found it (Cormack et al., 2009). Without an
/// embedder, or when the embedding call fails, the full-text list alone answers and the turn goes on.
public struct KnowledgeBase: Sendable {
    public let store: any KnowledgeStore
    public let embedder: (any Embedder)?
    let index: KnowledgeIndex
    /// The most a turn is given, in estimated tokens (`KNOWLEDGE_MAX_TOKENS`).
    public var maxTokens: Int
    /// Vector matches below this cosine similarity are not matches (`KNOWLEDGE_MIN_SIMILARITY`).
    public var minSimilarity: Float
    let logger: Logger

    public init(
        store: any KnowledgeStore, embedder: (any Embedder)?, maxTokens: Int = 1500, minSimilarity: Float = 0.3,
        index: KnowledgeIndex = KnowledgeIndex(), logger: Logger
    ) {
        self.logger = logger
        self.store = store
        self.embedder = embedder
        self.maxTokens = maxTokens
        self.minSimilarity = minSimilarity
        self.index = index
    }

    /// Candidates each list contributes before fusion, and how many of the int8 scan's are rescored exactly.
    static let candidates = 40
    /// Reciprocal rank fusion's constant: it keeps one list's first place from outweighing agreement.
    static let fusionConstant = 60.0

    /// The best chunks for `question`, best first, at most `limit`.
    public func search(_ question: String, limit: Int) async throws -> KnowledgeResults {
        try await index.refresh(from: store, model: embedder?.model)
        return try await ranked(question, limit: limit)
    }

    /// `search` on the index as it is.
    func ranked(_ question: String, limit: Int) async throws -> KnowledgeResults {
        var results = KnowledgeResults()
        let tokens = SearchText.tokens(question)
        let textRanked = await index.textMatches(tokens, limit: Self.candidates)
        var vectorRanked: [(id: Int64, score: Float)] = []
        var query: [Float]?
        if let embedder, await index.dimensions > 0 {
            do {
                let embedded = try await embedder.embed([question], as: .query)
                results.embeddingTokens = embedded.tokens
                query = embedded.vectors.first.flatMap(KnowledgeVector.normalized)
            } catch {
                results.embeddingError = "\(error)"
                logger.warning(
                    "the question could not be embedded; the knowledge base answers by full text alone",
                    metadata: ["error": "\(error)"])
            }
        }
        if let query {
            vectorRanked = await index.nearest(query, limit: Self.candidates)
        }
        let wanted = Set(textRanked.map(\.id) + vectorRanked.map(\.id))
        let chunks = Dictionary(
            try await store.knowledgeChunks(ids: Array(wanted)).map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        if let query {
            // The scan's int8 order, corrected by the exact similarity of the stored float16.
            vectorRanked = vectorRanked.compactMap { candidate in
                guard let vector = chunks[candidate.id]?.embedding?.vector else { return nil }
                let exact = KnowledgeVector.dot(KnowledgeVector.decode(vector), query)
                return exact >= minSimilarity ? (candidate.id, exact) : nil
            }
            .sorted { $0.score != $1.score ? $0.score > $1.score : $0.id < $1.id }
        }
        var fused: [Int64: KnowledgeHit] = [:]
        for (rank, match) in textRanked.enumerated() {
            guard let chunk = chunks[match.id] else { continue }
            fused[match.id, default: KnowledgeHit(chunk: chunk)].textScore = match.score
            fused[match.id]!.score += 1 / (Self.fusionConstant + Double(rank + 1))
        }
        for (rank, match) in vectorRanked.enumerated() {
            guard let chunk = chunks[match.id] else { continue }
            fused[match.id, default: KnowledgeHit(chunk: chunk)].similarity = match.score
            fused[match.id]!.score += 1 / (Self.fusionConstant + Double(rank + 1))
        }
        results.hits = Array(
            fused.values.sorted { $0.score != $1.score ? $0.score > $1.score : $0.chunk.id < $1.chunk.id }
                .prefix(max(limit, 0)))
        return results
    }

    /// The hits that fit `maxTokens`, best first (a passage too long for what is left is skipped, a shorter one
    /// after it may still fit).
    public func fitting(_ hits: [KnowledgeHit]) -> [KnowledgeHit] {
        var left = maxTokens
        return hits.filter { hit in
            guard hit.chunk.passage.tokens <= left else { return false }
            left -= hit.chunk.passage.tokens
            return true
        }
    }
}

/// One search's answer.
public struct KnowledgeResults: Sendable, Equatable {
    public var hits: [KnowledgeHit] = []
    /// Tokens the question's embedding cost.
    public var embeddingTokens = 0
    /// Why the vector search was left out, if it was.
    public var embeddingError: String?

    public init() {}
}

/// A chunk found, with how each list scored it.
public struct KnowledgeHit: Sendable, Equatable {
    public var chunk: KnowledgeChunk
    /// The fused score: higher is better.
    public var score: Double = 0
    /// BM25, when the full text found it.
    public var textScore: Double?
    /// Cosine similarity, when the vectors found it.
    public var similarity: Float?

    public init(chunk: KnowledgeChunk) {
        self.chunk = chunk
    }

    /// What the turn records of it.
    public var use: KnowledgeUse {
        KnowledgeUse(
            chunkID: chunk.id, source: chunk.source, heading: chunk.passage.heading,
            score: (score * 10_000).rounded() / 10_000)
    }
}

/// A passage a turn gave the model, as the turn records it (the dashboard shows why the bot said what it said).
public struct KnowledgeUse: Sendable, Equatable, Codable {
    public var chunkID: Int64
    public var source: String
    public var heading: String
    public var score: Double

    public init(chunkID: Int64, source: String, heading: String, score: Double) {
        self.chunkID = chunkID
        self.source = source
        self.heading = heading
        self.score = score
    }

    public var place: String { KnowledgeChunk.place(source: source, heading: heading) }
}
