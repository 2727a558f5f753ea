import Foundation
import Hummingbird
import TagarelaCore

/// The knowledge base's documents as the admin API lists them: `KnowledgeDocument`'s own fields (`id`, `source`,
/// `title`, `contentHash`, `byteCount`, `chunkCount`, `addedAt`, `updatedAt`).
struct KnowledgeDocumentList: ResponseEncodable {
    var documents: [KnowledgeDocument]
}

/// What an upload did: each file's document, with `unchanged` true when it was stored exactly so already.
struct KnowledgeUploadResponse: ResponseEncodable {
    var documents: [KnowledgeOperations.Added]
}

extension KnowledgeOperations.Added: Encodable {
    private enum CodingKeys: CodingKey { case unchanged }

    /// The document's fields and `unchanged`, side by side in one object.
    func encode(to encoder: any Encoder) throws {
        try document.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(unchanged, forKey: .unchanged)
    }
}

/// A search as the admin API answers it: how retrieval ran, and the passages, best first.
struct KnowledgeSearchResponse: ResponseEncodable {
    struct Hit: Encodable {
        var chunkID: Int64
        var documentID: Int64
        var source: String
        var heading: String
        var text: String
        var tokens: Int
        /// The fused score: higher is better.
        var score: Double
        /// BM25, when the full text found it.
        var textScore: Double?
        /// Cosine similarity, when the vectors found it.
        var similarity: Float?
        /// A turn asking this question would be given this passage.
        var given: Bool
    }

    var question: String
    /// `hybrid` (full text and embeddings) or `full-text`.
    var retrieval: String
    var embeddingModel: String?
    var embeddingError: String?
    var hits: [Hit]

    init(_ search: KnowledgeSearch) {
        question = search.question
        retrieval = search.embeddingModel == nil || search.embeddingError != nil ? "full-text" : "hybrid"
        embeddingModel = search.embeddingModel
        embeddingError = search.embeddingError
        hits = search.hits.map { hit in
            Hit(
                chunkID: hit.chunk.id, documentID: hit.chunk.documentID, source: hit.chunk.source,
                heading: hit.chunk.passage.heading, text: hit.chunk.passage.text, tokens: hit.chunk.passage.tokens,
                score: hit.score, textScore: hit.textScore, similarity: hit.similarity,
                given: search.given.contains(hit.chunk.id))
        }
    }
}

extension TurnSummary {
    /// The passages the turn was given, best first; none for a turn given none (or a record that cannot be read).
    var knowledgeUses: [KnowledgeUse] {
        guard let knowledge else { return [] }
        return (try? JSONDecoder().decode([KnowledgeUse].self, from: Data(knowledge.utf8))) ?? []
    }
}
