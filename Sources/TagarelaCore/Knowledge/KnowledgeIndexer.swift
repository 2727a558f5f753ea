import Foundation

/// Adds files to the knowledge base: read, cut into passages, embedded, stored. Re-adding a file re-embeds only the
/// passages that changed (by content hash, for the same model); a file whose passages are all as stored costs no
/// embedding call and no write.
public struct KnowledgeIndexer: Sendable {
    let store: any KnowledgeStore
    let reader: KnowledgeReader
    public let chunker: KnowledgeChunker
    let embedder: (any Embedder)?
    let timeSource: any TimeSource

    public init(
        store: any KnowledgeStore, reader: KnowledgeReader, chunker: KnowledgeChunker, embedder: (any Embedder)?,
        timeSource: any TimeSource
    ) {
        self.store = store
        self.reader = reader
        self.chunker = chunker
        self.embedder = embedder
        self.timeSource = timeSource
    }

    /// A file read and cut, with what it still needs.
    public struct Prepared: Sendable {
        public var document: NewKnowledgeDocument
        public var chunks: [NewKnowledgeChunk]
        /// Indexes of `chunks` that need an embedding.
        public var missing: [Int]
        /// Every passage is stored as it is: nothing to write.
        public var unchanged: Bool
    }

    /// Reads `data` and compares its passages with what is stored under `source`.
    public func prepare(_ data: Data, source: String) async throws -> Prepared {
        let read = try await reader.read(data, filename: source)
        let passages = chunker.passages(of: read.text)
        let document = NewKnowledgeDocument(
            source: source, title: read.title, contentHash: StableHash.sha256Hex(data), byteCount: data.count)
        var known: [String: KnowledgeEmbedding] = [:]
        var stored: [KnowledgeChunk] = []
        let existing = try await store.knowledgeDocument(source: source)
        if let existing {
            stored = try await store.knowledgeChunks(documentID: existing.id)
            for chunk in stored {
                if let embedding = chunk.embedding, embedding.model == embedder?.model {
                    known[chunk.passage.contentHash] = embedding
                }
            }
        }
        let chunks = passages.map { NewKnowledgeChunk(passage: $0, embedding: known[$0.contentHash]) }
        let missing = embedder == nil ? [] : chunks.indices.filter { chunks[$0].embedding == nil }
        let same =
            stored.map(\.passage) == passages && stored.map(\.embedding) == chunks.map(\.embedding)
            && missing.isEmpty
        return Prepared(
            document: document, chunks: chunks, missing: missing,
            unchanged: same && existing?.contentHash == document.contentHash && existing?.title == document.title)
    }

    /// Embeds what `prepared` misses, batch by batch (`embedded` is called with the count after each), and stores
    /// the document; returns it with the tokens the embeddings cost.
    public func save(_ prepared: Prepared, embedded: (Int) -> Void = { _ in }) async throws -> (
        document: KnowledgeDocument, tokens: Int
    ) {
        var chunks = prepared.chunks
        var tokens = 0
        if let embedder, !prepared.missing.isEmpty {
            var start = 0
            while start < prepared.missing.count {
                let batch = Array(prepared.missing[start..<min(start + embedder.batchSize, prepared.missing.count)])
                let answer = try await embedder.embed(
                    batch.map { Self.embeddingInput(chunks[$0].passage) }, as: .document)
                guard answer.vectors.count == batch.count else {
                    throw LLMError.invalidResponse(
                        "the embedding model returned \(answer.vectors.count) vectors for \(batch.count) texts")
                }
                for (index, vector) in zip(batch, answer.vectors) {
                    guard let normalized = KnowledgeVector.normalized(vector) else {
                        throw LLMError.invalidResponse("the embedding model returned an empty vector")
                    }
                    chunks[index].embedding = KnowledgeEmbedding(
                        model: embedder.model, vector: KnowledgeVector.encode(normalized))
                }
                tokens += answer.tokens
                start += batch.count
                embedded(batch.count)
            }
        }
        let document = try await store.saveKnowledgeDocument(
            prepared.document, chunks: chunks, now: timeSource.now())
        return (document, tokens)
    }

    /// What is embedded of a passage: its headings say what it is about, so they come with it.
    static func embeddingInput(_ passage: KnowledgePassage) -> String {
        passage.heading.isEmpty ? passage.text : passage.heading + "\n\n" + passage.text
    }
}
