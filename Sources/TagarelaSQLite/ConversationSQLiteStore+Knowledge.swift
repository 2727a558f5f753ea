import Foundation
import GRDB
import TagarelaCore

/// `KnowledgeStore`: the knowledge base's documents and chunks.
extension ConversationSQLiteStore {
    public func knowledgeDocuments() async throws -> [KnowledgeDocument] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM knowledge_documents ORDER BY source").map(Self.knowledgeDocument)
        }
    }

    public func knowledgeDocument(source: String) async throws -> KnowledgeDocument? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM knowledge_documents WHERE source = ?", arguments: [source])
                .map(Self.knowledgeDocument)
        }
    }

    public func saveKnowledgeDocument(_ document: NewKnowledgeDocument, chunks: [NewKnowledgeChunk], now: Date)
        async throws -> KnowledgeDocument
    {
        try await write { db in
            try db.execute(
                sql: """
                    INSERT INTO knowledge_documents
                        (source, title, content_hash, byte_count, chunk_count, added_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (source) DO UPDATE SET title = excluded.title, content_hash = excluded.content_hash,
                        byte_count = excluded.byte_count, chunk_count = excluded.chunk_count,
                        updated_at = excluded.updated_at
                    """,
                arguments: [
                    document.source, document.title, document.contentHash, document.byteCount, chunks.count,
                    now.sqlSeconds, now.sqlSeconds,
                ])
            let id = try Int64.fetchOne(
                db, sql: "SELECT id FROM knowledge_documents WHERE source = ?", arguments: [document.source])!
            try db.execute(sql: "DELETE FROM knowledge_chunks WHERE document_id = ?", arguments: [id])
            let insert = try db.cachedStatement(
                sql: """
                    INSERT INTO knowledge_chunks (document_id, ordinal, heading, text, search_text, tokens, content_hash,
                        embedding_model, embedding)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
            for (ordinal, chunk) in chunks.enumerated() {
                let passage = chunk.passage
                try insert.execute(arguments: [
                    id, ordinal, passage.heading, passage.text, passage.searchText, passage.tokens,
                    passage.contentHash, chunk.embedding?.model, chunk.embedding?.vector,
                ])
            }
            return try Row.fetchOne(db, sql: "SELECT * FROM knowledge_documents WHERE id = ?", arguments: [id])
                .map(Self.knowledgeDocument)!
        }
    }

    public func removeKnowledgeDocument(id: Int64) async throws -> Bool {
        try await write { db in
            try db.execute(sql: "DELETE FROM knowledge_documents WHERE id = ?", arguments: [id])
            return db.changesCount > 0
        }
    }

    public func knowledgeChunks(documentID: Int64) async throws -> [KnowledgeChunk] {
        try await chunks(where: "c.document_id = ? ORDER BY c.ordinal", [documentID])
    }

    public func knowledgeChunks(afterID: Int64, limit: Int) async throws -> [KnowledgeChunk] {
        try await chunks(where: "c.id > ? ORDER BY c.id LIMIT ?", [afterID, limit])
    }

    public func knowledgeChunks(ids: [Int64]) async throws -> [KnowledgeChunk] {
        guard !ids.isEmpty else { return [] }
        let marks = Array(repeating: "?", count: ids.count).joined(separator: ", ")
        return try await chunks(where: "c.id IN (\(marks))", StatementArguments(ids))
    }

    public func knowledgeVersion() async throws -> KnowledgeVersion {
        try await read { db in
            let row = try Row.fetchOne(db, sql: "SELECT count(*), coalesce(max(id), 0) FROM knowledge_chunks")!
            return KnowledgeVersion(chunks: row[0], lastChunkID: row[1])
        }
    }

    private func chunks(where condition: String, _ arguments: StatementArguments) async throws -> [KnowledgeChunk] {
        try await read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT c.*, d.source FROM knowledge_chunks c JOIN knowledge_documents d ON d.id = c.document_id
                    WHERE \(condition)
                    """, arguments: arguments
            ).map { row in
                let model: String? = row["embedding_model"]
                let vector: Data? = row["embedding"]
                return KnowledgeChunk(
                    id: row["id"], documentID: row["document_id"], source: row["source"], ordinal: row["ordinal"],
                    passage: KnowledgePassage(
                        heading: row["heading"], text: row["text"], searchText: row["search_text"],
                        tokens: row["tokens"], contentHash: row["content_hash"]),
                    embedding: model.flatMap { model in vector.map { KnowledgeEmbedding(model: model, vector: $0) } })
            }
        }
    }

    private static func knowledgeDocument(_ row: Row) -> KnowledgeDocument {
        KnowledgeDocument(
            id: row["id"], source: row["source"], title: row["title"], contentHash: row["content_hash"],
            byteCount: row["byte_count"], chunkCount: row["chunk_count"], addedAt: Date(sqlSeconds: row["added_at"]),
            updatedAt: Date(sqlSeconds: row["updated_at"]))
    }
}
