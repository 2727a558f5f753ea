import Foundation

/// A file of the knowledge base as stored: where it came from, what it held (by hash), and into how many chunks it
/// was cut.
public struct KnowledgeDocument: Sendable, Equatable, Codable, Identifiable {
    public var id: Int64
    /// What names the document: the path it was added from, or an upload's file name. Adding the same source
    /// again replaces it.
    public var source: String
    public var title: String
    /// SHA-256 (hex) of the file's bytes: the same bytes added again change nothing.
    public var contentHash: String
    public var byteCount: Int
    public var chunkCount: Int
    public var addedAt: Date
    public var updatedAt: Date

    public init(
        id: Int64, source: String, title: String, contentHash: String, byteCount: Int, chunkCount: Int, addedAt: Date,
        updatedAt: Date
    ) {
        self.id = id
        self.source = source
        self.title = title
        self.contentHash = contentHash
        self.byteCount = byteCount
        self.chunkCount = chunkCount
        self.addedAt = addedAt
        self.updatedAt = updatedAt
    }
}

/// One passage of a document: what retrieval finds and the model reads.
public struct KnowledgeChunk: Sendable, Equatable, Identifiable {
    public var id: Int64
    public var documentID: Int64
    /// The document's source, for citing.
    public var source: String
    /// Its place in the document, from 0.
    public var ordinal: Int
    public var passage: KnowledgePassage
    /// The embedding and the model that made it; nil when no embedding model was set (or its call failed).
    public var embedding: KnowledgeEmbedding?

    public init(
        id: Int64, documentID: Int64, source: String, ordinal: Int, passage: KnowledgePassage,
        embedding: KnowledgeEmbedding?
    ) {
        self.id = id
        self.documentID = documentID
        self.source = source
        self.ordinal = ordinal
        self.passage = passage
        self.embedding = embedding
    }
}

extension KnowledgeChunk {
    /// Where a passage comes from, as the model, the dashboard and the command line show it:
    /// `docs/entregas.md › Entregas › Taxas`.
    public static func place(source: String, heading: String) -> String {
        heading.isEmpty ? source : source + " › " + heading
    }

    public var place: String { Self.place(source: source, heading: passage.heading) }
}

/// A chunk's words: its text, the headings above it, and what the full-text search matches.
public struct KnowledgePassage: Sendable, Equatable {
    /// The headings the passage sits under, outermost first, joined by " › " ("Entregas › Taxas").
    public var heading: String
    public var text: String
    /// `SearchText.tokens` of the heading and text, joined by spaces: every store keeps the same words.
    public var searchText: String
    /// The passage's estimated tokens (as `MemoryWindow` estimates them).
    public var tokens: Int
    /// SHA-256 (hex) of the heading and text: a passage that did not change keeps its embedding.
    public var contentHash: String

    public init(heading: String, text: String) {
        self.heading = heading
        self.text = text
        self.searchText = SearchText.tokens(heading + "\n" + text).joined(separator: " ")
        self.tokens = MemoryWindow.estimatedTokens(heading + "\n" + text)
        self.contentHash = StableHash.sha256Hex(heading + "\u{1F}" + text)
    }

    /// A passage as a store read it back, its derived fields as they were written.
    public init(heading: String, text: String, searchText: String, tokens: Int, contentHash: String) {
        self.heading = heading
        self.text = text
        self.searchText = searchText
        self.tokens = tokens
        self.contentHash = contentHash
    }
}

/// A chunk's vector, kept as little-endian float16 (half the bytes of float32, and precise enough to rescore), with
/// the model that made it: vectors of two models never meet.
public struct KnowledgeEmbedding: Sendable, Equatable {
    public var model: String
    /// `KnowledgeVector.encode` of the vector.
    public var vector: Data

    public init(model: String, vector: Data) {
        self.model = model
        self.vector = vector
    }
}

/// What a process's knowledge index was built from: it changes whenever a chunk is added, removed or re-embedded
/// (those write new rows, and ids are never reused), so one cheap read tells whether the index is stale.
public struct KnowledgeVersion: Sendable, Equatable {
    public var chunks: Int
    public var lastChunkID: Int64

    public init(chunks: Int, lastChunkID: Int64) {
        self.chunks = chunks
        self.lastChunkID = lastChunkID
    }

    public static let empty = KnowledgeVersion(chunks: 0, lastChunkID: 0)
}
