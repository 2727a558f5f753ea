import Foundation
import TagarelaCore
import TagarelaFakes
import Testing

@testable import TagarelaProviders

/// OpenAI's `/embeddings` and Gemini's `batchEmbedContents` against fakes that refuse what the real APIs refuse, and
/// PDFs read through Debian's pdftotext.
@Suite("Embeddings and PDF text", .timeLimit(.minutes(3)))
struct EmbedderTests {
    static func connection(_ baseURL: String, apiKey: String?, model: String, clock: ImmediateTimeSource)
        -> ProviderConnection
    {
        .test(
            baseURL, apiKey: apiKey, model: model, timeout: .seconds(10), maxAttempts: 3, maxOutputTokens: nil,
            temperature: nil, clock: clock, label: "embeddings")
    }

    @Test func openAIEmbedsABatchInOrderAndCountsTheBilledTokens() async throws {
        let fake = try await FakeOpenAI.start(apiKey: "sk-test")
        defer { Task { await fake.stop() } }
        let embedder = OpenAIEmbedder(
            connection: Self.connection(
                fake.baseURL, apiKey: "sk-test", model: "text-embedding-3-small", clock: ImmediateTimeSource()))
        let texts = ["Entregamos em Moema.", "Aceitamos Pix."]
        let embedded = try await embedder.embed(texts, as: .document)
        #expect(embedded.vectors.count == 2 && embedded.vectors.allSatisfy { $0.count == 1536 })
        for (vector, text) in zip(embedded.vectors, texts) {
            let expected = FakeEmbedding.vector(for: text, dimensions: 1536)
            #expect(zip(vector, expected).allSatisfy { abs($0 - $1) < 1e-6 })
        }
        #expect(embedded.tokens == texts.reduce(0) { $0 + MemoryWindow.estimatedTokens($1) })
        let request = try #require(await fake.embeddingRequests().first)
        #expect(request.rejection == nil && request.inputs == texts && request.model == "text-embedding-3-small")
    }

    @Test func openAIRetriesAServerErrorAndReportsAWrongKeyOrModelAsTheAPISaysIt() async throws {
        let fake = try await FakeOpenAI.start(apiKey: "sk-test")
        defer { Task { await fake.stop() } }
        let clock = ImmediateTimeSource()
        await fake.failEmbeddings(status: 500, count: 1)
        let embedder = OpenAIEmbedder(
            connection: Self.connection(fake.baseURL, apiKey: "sk-test", model: "text-embedding-3-small", clock: clock))
        #expect(try await embedder.embed(["oi"], as: .query).vectors.count == 1)
        #expect(await fake.embeddingRequests().count == 2 && clock.sleeps.count == 1)

        let wrongKey = OpenAIEmbedder(
            connection: Self.connection(fake.baseURL, apiKey: "sk-nope", model: "text-embedding-3-small", clock: clock))
        await #expect {
            try await wrongKey.embed(["oi"], as: .query)
        } throws: { error in
            guard case .http(401, "invalid_api_key", _) = error as? LLMError else { return false }
            return true
        }
        let wrongModel = OpenAIEmbedder(
            connection: Self.connection(fake.baseURL, apiKey: "sk-test", model: "gpt-4o-mini", clock: clock))
        await #expect {
            try await wrongModel.embed(["oi"], as: .query)
        } throws: { error in
            guard case .http(404, "model_not_found", _) = error as? LLMError else { return false }
            return true
        }
    }

    @Test func geminiEmbedsDocumentsAndQuestionsForRetrievalWithTheKeyInAHeader() async throws {
        let fake = try await FakeGemini.start(apiKey: "g-key")
        defer { Task { await fake.stop() } }
        let embedder = GeminiEmbedder(
            connection: Self.connection(
                fake.baseURL, apiKey: "g-key", model: "gemini-embedding-001", clock: ImmediateTimeSource()))
        let documents = try await embedder.embed(["Entregamos em Moema.", "Aceitamos Pix."], as: .document)
        #expect(documents.vectors.count == 2 && documents.vectors.allSatisfy { $0.count == 3072 })
        #expect(documents.tokens > 0)
        _ = try await embedder.embed(["Vocês entregam em Moema?"], as: .query)
        let requests = await fake.embeddingRequests()
        #expect(requests.allSatisfy { $0.rejection == nil })
        #expect(requests.map(\.taskTypes) == [["RETRIEVAL_DOCUMENT", "RETRIEVAL_DOCUMENT"], ["RETRIEVAL_QUERY"]])

        let wrongKey = GeminiEmbedder(
            connection: Self.connection(
                fake.baseURL, apiKey: "other", model: "gemini-embedding-001", clock: ImmediateTimeSource()))
        await #expect {
            try await wrongKey.embed(["oi"], as: .query)
        } throws: { error in
            guard case .http(400, "INVALID_ARGUMENT", let message) = error as? LLMError else { return false }
            return message.contains("API_KEY_INVALID")
        }
    }

    @Test func aPDFIsReadThroughPdftotextAndCutLikeAnyDocument() async throws {
        let reader = KnowledgeReader(pdf: PDFToText())
        let read = try await reader.read(Fixtures.data("knowledge/cardapio-inverno.pdf"), filename: "cardapio.pdf")
        #expect(read.title == "cardapio")
        #expect(read.text.contains("Sopa de mandioquinha: R$ 24,00 a tigela."))
        let passages = KnowledgeChunker().passages(of: read.text)
        #expect(passages.contains { $0.text.contains("Chocolate quente cremoso") })
        // Not a PDF at all: pdftotext says so, and nothing is left behind.
        await #expect(throws: KnowledgeReadError.self) {
            try await reader.read(Data("not a pdf".utf8), filename: "falso.pdf")
        }
        let missing = KnowledgeReader(pdf: PDFToText(executable: "/nonexistent/pdftotext"))
        await #expect(throws: KnowledgeReadError.noPDFReader) {
            try await missing.read(Fixtures.data("knowledge/cardapio-inverno.pdf"), filename: "cardapio.pdf")
        }
    }
}
