import Foundation

/// The knowledge base's documents and their chunks. Retrieval itself runs in the process (`KnowledgeIndex`), the
/// same for every store; a store keeps the rows and says when they changed.
public protocol KnowledgeStore: Sendable {
    /// Every document, by source.
    func knowledgeDocuments() async throws -> [KnowledgeDocument]

    func knowledgeDocument(source: String) async throws -> KnowledgeDocument?

    /// Adds the document, or replaces the one with the same source, with exactly `chunks` (in order), in one
    /// transaction: a reader sees the old chunks or the new ones, never a mix.
    @discardableResult
    func saveKnowledgeDocument(_ document: NewKnowledgeDocument, chunks: [NewKnowledgeChunk], now: Date) async throws
        -> KnowledgeDocument

    /// Removes a document and its chunks; false when there was none.
    func removeKnowledgeDocument(id: Int64) async throws -> Bool

    /// A document's chunks, in order.
    func knowledgeChunks(documentID: Int64) async throws -> [KnowledgeChunk]

    /// Chunks of every document by ascending id, after `afterID`, at most `limit`: how an index reads them all a
    /// page at a time.
    func knowledgeChunks(afterID: Int64, limit: Int) async throws -> [KnowledgeChunk]

    /// The chunks with these ids that still exist, in no particular order.
    func knowledgeChunks(ids: [Int64]) async throws -> [KnowledgeChunk]

    func knowledgeVersion() async throws -> KnowledgeVersion
}

/// A document as the indexer hands it to a store.
public struct NewKnowledgeDocument: Sendable, Equatable {
    public var source: String
    public var title: String
    public var contentHash: String
    public var byteCount: Int

    public init(source: String, title: String, contentHash: String, byteCount: Int) {
        self.source = source
        self.title = title
        self.contentHash = contentHash
        self.byteCount = byteCount
    }
}

/// A chunk as the indexer hands it to a store.
public struct NewKnowledgeChunk: Sendable, Equatable {
    public var passage: KnowledgePassage
    public var embedding: KnowledgeEmbedding?

    public init(passage: KnowledgePassage, embedding: KnowledgeEmbedding?) {
        self.passage = passage
        self.embedding = embedding
    }
}
