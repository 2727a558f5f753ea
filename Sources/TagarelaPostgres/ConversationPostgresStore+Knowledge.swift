import Foundation
import PostgresNIO
import TagarelaCore

/// `KnowledgeStore`: the knowledge base's documents and chunks.
extension ConversationPostgresStore {
    static let knowledgeDocumentColumns =
        "id, source, title, content_hash, byte_count, chunk_count, added_at, updated_at"

    /// Chunks inserted per statement: a document of thousands of chunks is a few round trips, not thousands.
    static let knowledgeInsertBatch = 500

    public func knowledgeDocuments() async throws -> [KnowledgeDocument] {
        try await read("SELECT \(unescaped: Self.knowledgeDocumentColumns) FROM knowledge_documents ORDER BY source")
            .map(Self.knowledgeDocument)
    }

    public func knowledgeDocument(source: String) async throws -> KnowledgeDocument? {
        try await read(
            "SELECT \(unescaped: Self.knowledgeDocumentColumns) FROM knowledge_documents WHERE source = \(source)"
        ).first.map(Self.knowledgeDocument)
    }

    public func saveKnowledgeDocument(_ document: NewKnowledgeDocument, chunks: [NewKnowledgeChunk], now: Date)
        async throws -> KnowledgeDocument
    {
        try await transaction { connection in
            let saved = try await connection.all(
                """
                INSERT INTO knowledge_documents
                    (source, title, content_hash, byte_count, chunk_count, added_at, updated_at)
                VALUES (\(document.source), \(document.title), \(document.contentHash), \(Int64(document.byteCount)),
                    \(Int64(chunks.count)), \(now.unixSeconds), \(now.unixSeconds))
                ON CONFLICT (source) DO UPDATE SET title = excluded.title, content_hash = excluded.content_hash,
                    byte_count = excluded.byte_count, chunk_count = excluded.chunk_count,
                    updated_at = excluded.updated_at
                RETURNING \(unescaped: Self.knowledgeDocumentColumns)
                """, statements
            ).first.map(Self.knowledgeDocument)!
            try await connection.all("DELETE FROM knowledge_chunks WHERE document_id = \(saved.id)", statements)
            var start = 0
            while start < chunks.count {
                let batch = chunks[start..<min(start + Self.knowledgeInsertBatch, chunks.count)]
                let passages = batch.map(\.passage)
                // Arrays cannot hold NULL here, so a chunk without an embedding travels as '' and an empty buffer.
                let models = batch.map { $0.embedding?.model ?? "" }
                let vectors = batch.map { ByteBuffer(bytes: $0.embedding?.vector ?? Data()) }
                try await connection.all(
                    """
                    INSERT INTO knowledge_chunks (document_id, ordinal, heading, text, search_text, tokens,
                        content_hash, embedding_model, embedding)
                    SELECT \(saved.id), ordinal, heading, text, search_text, tokens, content_hash,
                        NULLIF(model, ''), CASE WHEN model = '' THEN NULL ELSE vector END
                    FROM unnest(\(batch.indices.map { Int64($0) })::bigint[], \(passages.map(\.heading))::text[],
                        \(passages.map(\.text))::text[], \(passages.map(\.searchText))::text[],
                        \(passages.map { Int64($0.tokens) })::bigint[], \(passages.map(\.contentHash))::text[],
                        \(models)::text[], \(vectors)::bytea[])
                        AS t (ordinal, heading, text, search_text, tokens, content_hash, model, vector)
                    ORDER BY ordinal
                    """, statements)
                start += Self.knowledgeInsertBatch
            }
            return saved
        }
    }

    public func removeKnowledgeDocument(id: Int64) async throws -> Bool {
        try await !read("DELETE FROM knowledge_documents WHERE id = \(id) RETURNING id").isEmpty
    }

    public func knowledgeChunks(documentID: Int64) async throws -> [KnowledgeChunk] {
        try await read(
            """
            SELECT \(unescaped: Self.knowledgeChunkColumns) FROM knowledge_chunks c
            JOIN knowledge_documents d ON d.id = c.document_id
            WHERE c.document_id = \(documentID) ORDER BY c.ordinal
            """
        ).map(Self.knowledgeChunk)
    }

    public func knowledgeChunks(afterID: Int64, limit: Int) async throws -> [KnowledgeChunk] {
        try await read(
            """
            SELECT \(unescaped: Self.knowledgeChunkColumns) FROM knowledge_chunks c
            JOIN knowledge_documents d ON d.id = c.document_id
            WHERE c.id > \(afterID) ORDER BY c.id LIMIT \(Int64(max(limit, 0)))
            """
        ).map(Self.knowledgeChunk)
    }

    public func knowledgeChunks(ids: [Int64]) async throws -> [KnowledgeChunk] {
        guard !ids.isEmpty else { return [] }
        return try await read(
            """
            SELECT \(unescaped: Self.knowledgeChunkColumns) FROM knowledge_chunks c
            JOIN knowledge_documents d ON d.id = c.document_id
            WHERE c.id = ANY(\(ids))
            """
        ).map(Self.knowledgeChunk)
    }

    public func knowledgeVersion() async throws -> KnowledgeVersion {
        let (chunks, last) = try await read("SELECT count(*), coalesce(max(id), 0)::bigint FROM knowledge_chunks")[0]
            .decode((Int64, Int64).self)
        return KnowledgeVersion(chunks: Int(chunks), lastChunkID: last)
    }

    static let knowledgeChunkColumns = """
        c.id, c.document_id, d.source, c.ordinal, c.heading, c.text, c.search_text, c.tokens, c.content_hash,
        c.embedding_model, c.embedding
        """

    static func knowledgeChunk(_ row: PostgresRow) throws -> KnowledgeChunk {
        let (id, documentID, source, ordinal, heading, text, searchText, tokens, contentHash, model, vector) =
            try row.decode(
                (Int64, Int64, String, Int64, String, String, String, Int64, String, String?, ByteBuffer?).self)
        return KnowledgeChunk(
            id: id, documentID: documentID, source: source, ordinal: Int(ordinal),
            passage: KnowledgePassage(
                heading: heading, text: text, searchText: searchText, tokens: Int(tokens), contentHash: contentHash),
            embedding: model.flatMap { model in
                vector.map { KnowledgeEmbedding(model: model, vector: Data($0.readableBytesView)) }
            })
    }

    static func knowledgeDocument(_ row: PostgresRow) throws -> KnowledgeDocument {
        let (id, source, title, hash, bytes, chunks, added, updated) = try row.decode(
            (Int64, String, String, String, Int64, Int64, Double, Double).self)
        return KnowledgeDocument(
            id: id, source: source, title: title, contentHash: hash, byteCount: Int(bytes), chunkCount: Int(chunks),
            addedAt: Date(timeIntervalSince1970: added), updatedAt: Date(timeIntervalSince1970: updated))
    }
}
