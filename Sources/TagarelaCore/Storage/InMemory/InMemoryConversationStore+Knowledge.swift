import Foundation

extension InMemoryConversationStore {
    public func knowledgeDocuments() async throws -> [KnowledgeDocument] {
        knowledgeDocuments.values.sorted { $0.source < $1.source }
    }

    public func knowledgeDocument(source: String) async throws -> KnowledgeDocument? {
        knowledgeDocuments.values.first { $0.source == source }
    }

    public func saveKnowledgeDocument(_ document: NewKnowledgeDocument, chunks: [NewKnowledgeChunk], now: Date)
        async throws -> KnowledgeDocument
    {
        let now = now.asStored
        let existing = knowledgeDocuments.values.first { $0.source == document.source }
        let id = existing?.id ?? nextID(&lastKnowledgeDocumentID)
        let saved = KnowledgeDocument(
            id: id, source: document.source, title: document.title, contentHash: document.contentHash,
            byteCount: document.byteCount, chunkCount: chunks.count, addedAt: existing?.addedAt ?? now, updatedAt: now)
        knowledgeDocuments[id] = saved
        knowledgeChunks.removeAll { $0.documentID == id }
        for (ordinal, chunk) in chunks.enumerated() {
            knowledgeChunks.append(
                KnowledgeChunk(
                    id: nextID(&lastKnowledgeChunkID), documentID: id, source: document.source, ordinal: ordinal,
                    passage: chunk.passage, embedding: chunk.embedding))
        }
        return saved
    }

    public func removeKnowledgeDocument(id: Int64) async throws -> Bool {
        guard knowledgeDocuments.removeValue(forKey: id) != nil else { return false }
        knowledgeChunks.removeAll { $0.documentID == id }
        return true
    }

    public func knowledgeChunks(documentID: Int64) async throws -> [KnowledgeChunk] {
        knowledgeChunks.filter { $0.documentID == documentID }
    }

    public func knowledgeChunks(afterID: Int64, limit: Int) async throws -> [KnowledgeChunk] {
        Array(knowledgeChunks.lazy.filter { $0.id > afterID }.prefix(limit))
    }

    public func knowledgeChunks(ids: [Int64]) async throws -> [KnowledgeChunk] {
        let wanted = Set(ids)
        return knowledgeChunks.filter { wanted.contains($0.id) }
    }

    public func knowledgeVersion() async throws -> KnowledgeVersion {
        KnowledgeVersion(chunks: knowledgeChunks.count, lastChunkID: knowledgeChunks.last?.id ?? 0)
    }
}
