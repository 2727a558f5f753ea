import Foundation
import TagarelaCore
import TagarelaPostgres

extension LazyPostgresStore {
    func knowledgeDocuments() async throws -> [KnowledgeDocument] { try await store.knowledgeDocuments() }

    func knowledgeDocument(source: String) async throws -> KnowledgeDocument? {
        try await store.knowledgeDocument(source: source)
    }

    func saveKnowledgeDocument(_ document: NewKnowledgeDocument, chunks: [NewKnowledgeChunk], now: Date)
        async throws -> KnowledgeDocument
    {
        try await store.saveKnowledgeDocument(document, chunks: chunks, now: now)
    }

    func removeKnowledgeDocument(id: Int64) async throws -> Bool { try await store.removeKnowledgeDocument(id: id) }

    func knowledgeChunks(documentID: Int64) async throws -> [KnowledgeChunk] {
        try await store.knowledgeChunks(documentID: documentID)
    }

    func knowledgeChunks(afterID: Int64, limit: Int) async throws -> [KnowledgeChunk] {
        try await store.knowledgeChunks(afterID: afterID, limit: limit)
    }

    func knowledgeChunks(ids: [Int64]) async throws -> [KnowledgeChunk] { try await store.knowledgeChunks(ids: ids) }

    func knowledgeVersion() async throws -> KnowledgeVersion { try await store.knowledgeVersion() }
}
