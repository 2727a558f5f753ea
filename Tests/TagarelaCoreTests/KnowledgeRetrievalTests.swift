import Foundation
import Logging
import TagarelaFakes
import Testing

@testable import TagarelaCore

/// Indexing, hybrid retrieval, the turn's reference material and the eval, on the in-memory store with the
/// in-process fake embedder: no server, no network.
@Suite("Knowledge base: indexing and retrieval", .timeLimit(.minutes(3)))
struct KnowledgeRetrievalTests {
    static let logger = Logger(label: "test")

    static func indexer(_ store: InMemoryConversationStore, _ embedder: (any Embedder)?) -> KnowledgeIndexer {
        KnowledgeIndexer(
            store: store, reader: KnowledgeReader(pdf: nil), chunker: KnowledgeChunker(), embedder: embedder,
            timeSource: ManualTimeSource())
    }

    /// The shipped example (a bakery), added as `tagarela knowledge add` adds it.
    static func addExample(_ indexer: KnowledgeIndexer) async throws {
        let folder = try Fixtures.example("knowledge/padaria")
        for file in try KnowledgeFiles.collect([folder.path]) {
            let data = try Data(contentsOf: URL(fileURLWithPath: file))
            _ = try await indexer.save(
                try await indexer.prepare(data, source: "padaria/" + (file as NSString).lastPathComponent))
        }
    }

    static func questions() throws -> [KnowledgeEval.Question] {
        try KnowledgeEval.questions(
            String(contentsOf: Fixtures.example("knowledge/padaria-eval.jsonl"), encoding: .utf8))
    }

    @Test func theShippedExampleIsFoundByFullTextAloneAndWithEmbeddings() async throws {
        let store = InMemoryConversationStore()
        try await Self.addExample(Self.indexer(store, nil))
        let fullText = try await KnowledgeEval.run(
            Self.questions(), on: KnowledgeBase(store: store, embedder: nil, logger: Self.logger))
        #expect(fullText.outcomes.count == 30)
        #expect(fullText.recallAt5 >= 0.9, "\(fullText)")

        let embedded = InMemoryConversationStore()
        let embedder = InProcessEmbedder()
        try await Self.addExample(Self.indexer(embedded, embedder))
        let hybrid = try await KnowledgeEval.run(
            Self.questions(), on: KnowledgeBase(store: embedded, embedder: embedder, logger: Self.logger))
        #expect(hybrid.recallAt5 >= 0.9, "\(hybrid)")
        print("knowledge eval, shipped example: full text \(fullText); hybrid with the fake embedder \(hybrid)")
    }

    @Test func aSearchFusesBothListsAndFallsBackToFullTextWhenTheEmbedderFails() async throws {
        let store = InMemoryConversationStore()
        let embedder = InProcessEmbedder()
        try await Self.addExample(Self.indexer(store, embedder))
        let knowledge = KnowledgeBase(store: store, embedder: embedder, logger: Self.logger)
        let results = try await knowledge.search("Qual o pedido mínimo para entrega?", limit: 3)
        let best = try #require(results.hits.first)
        #expect(best.chunk.source == "padaria/entregas.md" && best.chunk.passage.text.contains("R$ 40,00"))
        #expect(best.textScore != nil && best.similarity != nil && results.embeddingTokens > 0)
        #expect(results.hits.map(\.score) == results.hits.map(\.score).sorted(by: >))

        embedder.setFailing(true)
        let textOnly = try await knowledge.search("Qual o pedido mínimo para entrega?", limit: 3)
        #expect(textOnly.embeddingError != nil && textOnly.hits.first?.chunk.id == best.chunk.id)
        #expect(textOnly.hits.allSatisfy { $0.similarity == nil })
        // A question that shares no word with any passage finds nothing rather than the least bad passage.
        embedder.setFailing(false)
        #expect(try await knowledge.search("xyzzy plugh", limit: 3).hits.isEmpty)
    }

    @Test func addingAFileAgainEmbedsOnlyWhatChangedAndAnotherModelReembedsAll() async throws {
        let store = InMemoryConversationStore()
        let embedder = InProcessEmbedder()
        let indexer = Self.indexer(store, embedder)
        let original = Data("# Horários\n\nAbrimos às 6h.\n\n## Domingo\n\nAos domingos das 7h às 13h.".utf8)
        let first = try await indexer.prepare(original, source: "horarios.md")
        #expect(first.missing == [0, 1] && !first.unchanged)
        _ = try await indexer.save(first)
        #expect(embedder.batches.count == 1)
        let version = try await store.knowledgeVersion()

        // The same bytes again: nothing to embed, nothing to write.
        let again = try await indexer.prepare(original, source: "horarios.md")
        #expect(again.unchanged && again.missing.isEmpty)
        #expect(embedder.batches.count == 1)
        #expect(try await store.knowledgeVersion() == version)

        // One section changed: only its passage is embedded; the other keeps its vector.
        let changed = Data("# Horários\n\nAbrimos às 6h.\n\n## Domingo\n\nAos domingos das 8h às 12h.".utf8)
        let edit = try await indexer.prepare(changed, source: "horarios.md")
        #expect(edit.missing == [1] && !edit.unchanged)
        _ = try await indexer.save(edit)
        #expect(embedder.batches.last == ["Horários › Domingo\n\nAos domingos das 8h às 12h."])
        let chunks = try await store.knowledgeChunks(
            documentID: try #require(await store.knowledgeDocuments().first).id)
        #expect(chunks.allSatisfy { $0.embedding?.model == "fake-embedding" })

        // Another embedding model: vectors of two models never mix, so every passage is embedded again.
        let other = InProcessEmbedder(model: "other-model")
        let remodel = try await Self.indexer(store, other).prepare(changed, source: "horarios.md")
        #expect(remodel.missing == [0, 1])
    }

    /// One turn of `text` on `store` with `knowledge` (and `search_knowledge` offered), the model answering
    /// `answered`: what the turn decided and what the model was asked.
    static func turn(
        _ text: String, answered: String, store: InMemoryConversationStore, knowledge: KnowledgeBase
    ) async throws -> (TurnOutcome, LLMRequest) {
        let clock = ManualTimeSource()
        let model = ScriptedModel([ScriptedModel.text(answered)])
        let processor = TurnProcessor(
            store: store, llm: model, tools: ToolRegistry([SearchKnowledgeTool(knowledge: knowledge)]),
            knowledge: knowledge, policy: TurnWorkerTests.policy(), textLimits: [.twilio: 1600], timeSource: clock,
            logger: logger)
        try await TurnWorkerTests.receive(text, store, at: clock.now())
        let claim = try #require(
            try await store.claimTurns(
                owner: "w", channels: [.twilio], now: clock.now(), leaseDuration: .seconds(60), limit: 1
            ).first)
        let outcome = try await processor.outcome(for: claim)
        return (outcome, try #require(await model.requests.first))
    }

    @Test func aTurnGetsTheBestPassagesWithinItsBudgetBeforeTheContactsMessage() async throws {
        let store = InMemoryConversationStore()
        let embedder = InProcessEmbedder()
        try await Self.addExample(Self.indexer(store, embedder))
        let knowledge = KnowledgeBase(store: store, embedder: embedder, maxTokens: 200, logger: Self.logger)
        let (outcome, request) = try await Self.turn(
            "Qual o pedido mínimo para entrega?", answered: "O pedido mínimo é R$ 40,00.", store: store,
            knowledge: knowledge)
        let message = try #require(request.messages.last?.content)
        #expect(message.hasPrefix("<reference_material>\n[1] padaria/entregas.md › Entregas › "))
        #expect(message.contains("O pedido mínimo para entrega é de R$ 40,00."))
        #expect(message.hasSuffix("</reference_material>\n\nQual o pedido mínimo para entrega?"))
        #expect(request.systemPrompt.hasPrefix("Você é o assistente.\n\n" + KnowledgeReference.instructions))
        #expect(request.tools.map(\.name) == [SearchKnowledgeTool.name])
        // Within the budget, best first, and recorded with the turn for the dashboard.
        let uses = outcome.record.knowledge
        #expect(!uses.isEmpty && uses[0].source == "padaria/entregas.md")
        let chunks = try await store.knowledgeChunks(ids: uses.map(\.chunkID))
        #expect(chunks.reduce(0) { $0 + $1.passage.tokens } <= 200)
        #expect(outcome.record.embedding?.model == "fake-embedding")
        #expect(outcome.record.usage.inputTokens == 10 + (outcome.record.embedding?.tokens ?? 0))
    }

    @Test func withoutDocumentsTheTurnIsAsBefore() async throws {
        let store = InMemoryConversationStore()
        let knowledge = KnowledgeBase(store: store, embedder: InProcessEmbedder(), logger: Self.logger)
        let (outcome, request) = try await Self.turn(
            "Oi, tudo bem?", answered: "Oi!", store: store, knowledge: knowledge)
        #expect(request.systemPrompt == "Você é o assistente.")
        #expect(request.tools.isEmpty && request.messages.last?.content == "Oi, tudo bem?")
        #expect(outcome.record.knowledge.isEmpty && outcome.record.embedding == nil)
    }

    @Test func searchKnowledgeAnswersTheModelWithPassagesAndRefusesAnEmptyQuery() async throws {
        let store = InMemoryConversationStore()
        try await Self.addExample(Self.indexer(store, nil))
        let tool = SearchKnowledgeTool(knowledge: KnowledgeBase(store: store, embedder: nil, logger: Self.logger))
        let context = ToolContext(contact: .sample(), facts: [], now: Date())
        let output = try await tool.run(["query": "estacionamento"], context: context)
        let first = try #require(output.result["results"]?.arrayValue?.first)
        #expect(first["source"]?.stringValue == "padaria/perguntas-frequentes.html")
        #expect(first["text"]?.stringValue?.contains("8 vagas") == true)
        await #expect(throws: ToolError.self) { try await tool.run(["query": "  "], context: context) }
    }
}
