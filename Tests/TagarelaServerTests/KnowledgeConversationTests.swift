import Foundation
import TagarelaCore
import TagarelaFakes
import TagarelaPostgres
import Testing

/// The knowledge base from outside: `tagarela knowledge add` run as a user runs it, then a contact's question
/// answered by the running server with the passage in what the model received, on each provider and both SQL
/// stores.
@Suite("Knowledge base: a question answered from the documents", .timeLimit(.minutes(3)))
struct KnowledgeConversationTests {
    enum Store: String, CaseIterable, Sendable {
        case sqlite, postgres
    }

    static let question = "Qual o pedido mínimo para entrega?"
    static let passage = "O pedido mínimo para entrega é de R$ 40,00."

    /// Runs `tagarela knowledge add` on the shipped example with `environment` as its `.env` file; its output.
    static func addExample(_ environment: [String: String]) async throws -> String {
        let (status, printed) = try await TagarelaCommand.run(
            ["knowledge", "add", try Fixtures.example("knowledge/padaria").path], environment)
        guard status == 0 else { throw ServerProcessError("knowledge add exited \(status): \(printed)") }
        return printed
    }

    static let cases: [(String, Store)] = ["openai", "openai-chat", "gemini"].flatMap { provider in
        Store.allCases.map { (provider, $0) }
    }

    @Test(arguments: cases)
    func aQuestionIsAnsweredFromTheAddedDocuments(provider: String, store: Store) async throws {
        if store == .postgres, !PostgresTestDatabase.isEnabled { return }
        try await Self.withDatabase(store) { databaseURL in
            try await TestWorld.with { world in
                // Gemini embeds with Gemini; OpenAI's two APIs with OpenAI's embeddings endpoint.
                let overrides = [
                    "DATABASE_URL": databaseURL ?? "sqlite://\(world.databasePath)", "LLM_PROVIDER": provider,
                    "EMBEDDINGS_PROVIDER": provider == "gemini" ? "gemini" : "openai",
                    "EMBEDDINGS_MODEL": provider == "gemini" ? "gemini-embedding-001" : "text-embedding-3-small",
                    "EMBEDDINGS_BASE_URL": provider == "gemini" ? world.gemini.baseURL : world.openAI.baseURL,
                    "KNOWLEDGE_MAX_TOKENS": "300",
                ]
                let added = try await Self.addExample(world.environment(overrides))
                #expect(added.contains("added: ") && added.contains("entregas.md"))
                let embedded =
                    provider == "gemini"
                    ? await world.gemini.embeddingRequests() : await world.openAI.embeddingRequests()
                #expect(!embedded.isEmpty && embedded.allSatisfy { $0.rejection == nil })

                try await world.withServer(overrides) { client in
                    try await Webhook.post(client, Webhook.text(Self.question))
                    let sent = try await world.twilio.waitForSent(count: 1)
                    // The fakes echo what the contact's message became: the reference material, then the question.
                    let reply = sent.compactMap(\.body).joined()
                    #expect(reply.contains(Self.passage) && reply.contains("<reference_material>"))
                    #expect(reply.hasSuffix(Self.question))
                    try await client.settled()
                }
                let instructions =
                    provider == "gemini"
                    ? await world.gemini.requests().last?.systemInstruction
                    : await world.openAI.requests().last.map { $0.instructions ?? $0.messages.first?.content ?? "" }
                #expect(instructions?.contains(KnowledgeReference.instructions) == true)
            }
        }
    }

    /// A fresh PostgreSQL database for `.postgres` (its URL), nothing for SQLite (the world's file).
    static func withDatabase(_ store: Store, _ body: (String?) async throws -> Void) async throws {
        guard store == .postgres else { return try await body(nil) }
        try await PostgresTestDatabase.withDatabase { database in
            try await body(
                "postgres://\(database.username)@\(database.host):\(database.port)/\(database.database ?? "")"
                    + "?sslmode=disable")
        }
    }
}
