import Foundation
import TagarelaCore
import Testing

/// The knowledge base's rows, the same on every store: a document replaced whole, its chunks in order with their
/// embeddings, paging by id, lookups by id, the version that tells an index it is stale, and removal.
@Suite("Storage: the knowledge base", .timeLimit(.minutes(3)))
struct StoreKnowledgeTests {
    static func chunk(_ heading: String, _ text: String, vector: [Float]? = nil) -> NewKnowledgeChunk {
        NewKnowledgeChunk(
            passage: KnowledgePassage(heading: heading, text: text),
            embedding: vector.map { KnowledgeEmbedding(model: "m", vector: KnowledgeVector.encode($0)) })
    }

    static func document(_ source: String, hash: String = "h1") -> NewKnowledgeDocument {
        NewKnowledgeDocument(source: source, title: "Entregas", contentHash: hash, byteCount: 120)
    }

    @Test(arguments: StoreKind.allCases)
    func aDocumentIsStoredWithItsChunksInOrderAndReplacedWhole(kind: StoreKind) async throws {
        let store = try kind.make()
        #expect(try await store.knowledgeVersion() == .empty)
        let chunks = [
            Self.chunk("Entregas › Taxas", "A taxa de entrega é R$ 7,00.", vector: [0.6, 0.8]),
            Self.chunk("Entregas › Prazos", "Pedidos até as 17h chegam no mesmo dia."),
        ]
        let saved = try await store.saveKnowledgeDocument(
            Self.document("docs/entregas.md"), chunks: chunks, now: Fixture.start)
        #expect(saved.source == "docs/entregas.md" && saved.chunkCount == 2 && saved.addedAt == Fixture.start)
        #expect(try await store.knowledgeDocuments() == [saved])
        #expect(try await store.knowledgeDocument(source: "docs/entregas.md") == saved)
        let stored = try await store.knowledgeChunks(documentID: saved.id)
        #expect(stored.map(\.passage) == chunks.map(\.passage))
        #expect(stored.map(\.embedding) == chunks.map(\.embedding))
        #expect(stored.map(\.ordinal) == [0, 1] && stored.allSatisfy { $0.source == "docs/entregas.md" })
        #expect(
            KnowledgeVector.decode(try #require(stored[0].embedding?.vector)) == [0.6, 0.8].map { Float(Float16($0)) })
        let version = try await store.knowledgeVersion()
        #expect(version.chunks == 2)

        // Replacing keeps the document (its id and when it was added) and swaps every chunk for new ones.
        let later = Fixture.start.addingTimeInterval(60)
        let replaced = try await store.saveKnowledgeDocument(
            Self.document("docs/entregas.md", hash: "h2"), chunks: [chunks[1]], now: later)
        #expect(replaced.id == saved.id && replaced.addedAt == Fixture.start && replaced.updatedAt == later)
        #expect(replaced.contentHash == "h2" && replaced.chunkCount == 1)
        let now = try await store.knowledgeChunks(documentID: saved.id)
        #expect(now.map(\.passage) == [chunks[1].passage])
        #expect(now[0].id > stored.map(\.id).max()!)
        let after = try await store.knowledgeVersion()
        #expect(after != version && after.chunks == 1)
    }

    @Test(arguments: StoreKind.allCases)
    func chunksArePagedByIdAndFoundByIdAcrossDocuments(kind: StoreKind) async throws {
        let store = try kind.make()
        let first = try await store.saveKnowledgeDocument(
            Self.document("a.md"), chunks: (0..<3).map { Self.chunk("A", "texto a\($0)") }, now: Fixture.start)
        let second = try await store.saveKnowledgeDocument(
            Self.document("b.md"), chunks: (0..<2).map { Self.chunk("B", "texto b\($0)") }, now: Fixture.start)
        var seen: [KnowledgeChunk] = []
        var after: Int64 = 0
        while true {
            let page = try await store.knowledgeChunks(afterID: after, limit: 2)
            seen += page
            guard let last = page.last else { break }
            after = last.id
        }
        #expect(seen.map(\.passage.text) == ["texto a0", "texto a1", "texto a2", "texto b0", "texto b1"])
        #expect(seen.map(\.id) == seen.map(\.id).sorted())
        #expect(seen.map(\.documentID) == [first.id, first.id, first.id, second.id, second.id])
        let wanted = [seen[4].id, seen[1].id, 999_999]
        let found = try await store.knowledgeChunks(ids: wanted).sorted { $0.id < $1.id }
        #expect(found.map(\.passage.text) == ["texto a1", "texto b1"] && found.map(\.source) == ["a.md", "b.md"])
        #expect(try await store.knowledgeChunks(ids: []).isEmpty)
        #expect(try await store.knowledgeDocuments().map(\.source) == ["a.md", "b.md"])
    }

    @Test(arguments: StoreKind.allCases)
    func removingADocumentTakesItsChunksAndChangesTheVersion(kind: StoreKind) async throws {
        let store = try kind.make()
        let kept = try await store.saveKnowledgeDocument(
            Self.document("kept.md"), chunks: [Self.chunk("", "fica")], now: Fixture.start)
        let gone = try await store.saveKnowledgeDocument(
            Self.document("gone.md"), chunks: [Self.chunk("", "sai"), Self.chunk("", "sai também")], now: Fixture.start)
        let before = try await store.knowledgeVersion()
        #expect(try await store.removeKnowledgeDocument(id: gone.id))
        #expect(try await !store.removeKnowledgeDocument(id: gone.id))
        #expect(try await store.knowledgeDocuments() == [kept])
        #expect(try await store.knowledgeChunks(documentID: gone.id).isEmpty)
        #expect(try await store.knowledgeChunks(afterID: 0, limit: 10).map(\.passage.text) == ["fica"])
        let after = try await store.knowledgeVersion()
        #expect(after != before && after.chunks == 1)
        #expect(try await store.knowledgeDocument(source: "gone.md") == nil)
    }

    @Test(arguments: StoreKind.allCases)
    func aTurnRecordsThePassagesItWasGiven(kind: StoreKind) async throws {
        let store = try kind.make()
        var record = TurnRecord(status: .answered, provider: "fake", model: "m")
        record.knowledge = [KnowledgeUse(chunkID: 7, source: "docs/entregas.md", heading: "Entregas", score: 0.0328)]
        let contactID = try await StoreToolEffectsTests().turn(store, [], calls: [], record: record)
        let turns = try await store.turns(contactID: contactID, from: 0)
        let stored = try #require(turns.last?.knowledge)
        #expect(try JSONDecoder().decode([KnowledgeUse].self, from: Data(stored.utf8)) == record.knowledge)
    }
}
