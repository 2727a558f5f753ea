import AsyncHTTPClient
import Foundation
import Logging
import TagarelaCore
import TagarelaFakes
import Testing

@testable import TagarelaProviders

@Suite("GeminiProvider against FakeGemini", .timeLimit(.minutes(3)))
struct GeminiProviderTests {
    static let key = "AIza-test-key-0123456789"

    let conversation = LLMRequest(
        systemPrompt: "Você é a Tagarela.",
        messages: [
            ChatMessage(role: .user, content: "Oi"),
            ChatMessage(role: .assistant, content: "Olá! Como posso ajudar?"),
            ChatMessage(role: .user, content: "Que horas são?"),
        ]
    )

    func provider(
        _ baseURL: String,
        apiKey: String = key,
        model: String = "gemini-test",
        timeout: Duration = testPatience,
        maxAttempts: Int = 3,
        maxOutputTokens: Int? = nil,
        temperature: Double? = nil,
        clock: ImmediateTimeSource = ImmediateTimeSource()
    ) -> GeminiProvider {
        GeminiProvider(
            .test(
                baseURL, apiKey: apiKey, model: model, timeout: timeout, maxAttempts: maxAttempts,
                maxOutputTokens: maxOutputTokens, temperature: temperature, clock: clock, label: "test.gemini"))
    }

    /// Starts a fake, runs `body`, and stops the fake even when `body` throws.
    func withFake(_ body: (FakeGemini) async throws -> Void) async throws {
        try await FakeGemini.start(apiKey: Self.key).whileRunning(body)
    }

    @Test("answers and sends the exact request shape")
    func success() async throws {
        try await withFake { fake in
            let provider = provider(fake.baseURL, maxOutputTokens: 256, temperature: 0.3)
            let reply = try await provider.reply(to: conversation)
            #expect(reply.text == "Resposta para: Que horas são?")
            #expect(reply.model == "gemini-test")
            #expect(reply.provider == "gemini")
            // Word counts: 4 system + 1 + 4 + 3 conversation words in, 5 out.
            #expect(reply.usage == TokenUsage(inputTokens: 12, outputTokens: 5))

            let request = try #require(await fake.requests().first)
            #expect(request.rejection == nil)
            #expect(request.method == "POST" && request.path == "/v1beta/models/gemini-test:generateContent")
            #expect(request.query == nil)
            #expect(request.apiKey == Self.key)
            #expect(request.headers["authorization"] == nil)
            #expect(request.headers["content-type"] == "application/json")
            #expect(request.systemInstruction == "Você é a Tagarela.")
            #expect(
                request.contents == [
                    .init(role: "user", parts: ["Oi"]),
                    .init(role: "model", parts: ["Olá! Como posso ajudar?"]),
                    .init(role: "user", parts: ["Que horas são?"]),
                ])
            #expect(request.maxOutputTokens == 256 && request.temperature == 0.3)
            // The system prompt travels only in systemInstruction, never as a role.
            #expect(!request.rawJSON.contains("\"system\"") && !request.rawJSON.contains("assistant"))
        }
    }

    @Test("unset generation settings are left out; the base URL and a models/ prefix are normalised")
    func bodyAndEndpoint() throws {
        let bare = provider("https://generativelanguage.googleapis.com/v1beta/", model: "models/gemini-2.5-flash")
        #expect(
            bare.endpoint == "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent")
        #expect(bare.connection.model == "gemini-2.5-flash")
        let json = try #require(String(data: try bare.makeBody(for: conversation), encoding: .utf8))
        #expect(!json.contains("generationConfig") && json.contains("\"systemInstruction\""))

        let tuned = provider("https://example.test/v1beta", model: "tunedModels/minha-tagarela")
        #expect(tuned.endpoint == "https://example.test/v1beta/tunedModels/minha-tagarela:generateContent")

        let onlyTokens = provider("https://example.test/v1beta", maxOutputTokens: 100)
        let tokensJSON = try #require(String(data: try onlyTokens.makeBody(for: conversation), encoding: .utf8))
        #expect(tokensJSON.contains("\"generationConfig\":{\"maxOutputTokens\":100}"))
    }

    @Test("a model given as models/… reaches the right path on the strict fake")
    func prefixedModel() async throws {
        try await withFake { fake in
            let reply = try await provider(fake.baseURL, model: "models/gemini-test").reply(to: conversation)
            #expect(reply.text == "Resposta para: Que horas são?")
            #expect(await fake.requests().first?.path == "/v1beta/models/gemini-test:generateContent")
        }
    }

    @Test("a long conversation keeps its order; same-role runs become parts of one content")
    func historyOrder() async throws {
        try await withFake { fake in
            let history = LLMRequest(
                systemPrompt: "Seja breve.",
                messages: [
                    ChatMessage(role: .user, content: "1 oi"),
                    ChatMessage(role: .assistant, content: "2 olá"),
                    ChatMessage(role: .user, content: "3 tudo bem?"),
                    ChatMessage(role: .user, content: "4 está aí?"),
                    ChatMessage(role: .assistant, content: "5 sim"),
                    ChatMessage(role: .user, content: "6 que bom"),
                    ChatMessage(role: .assistant, content: "7 posso ajudar?"),
                    ChatMessage(role: .user, content: "8 qual é a capital do Peru?"),
                ]
            )
            let reply = try await provider(fake.baseURL).reply(to: history)
            #expect(reply.text == "Resposta para: 8 qual é a capital do Peru?")
            let request = try #require(await fake.requests().first)
            #expect(request.contents.map(\.role) == ["user", "model", "user", "model", "user", "model", "user"])
            #expect(request.contents.flatMap(\.parts).map { $0.prefix(1) } == ["1", "2", "3", "4", "5", "6", "7", "8"])
            #expect(request.contents[2].parts == ["3 tudo bem?", "4 está aí?"])
        }
    }

    @Test("system messages join systemInstruction; leading model turns and empty texts are dropped")
    func contentsMapping() {
        let request = LLMRequest(
            systemPrompt: "Base.",
            messages: [
                ChatMessage(role: .assistant, content: "resto de uma conversa cortada"),
                ChatMessage(role: .system, content: "Nota do operador."),
                ChatMessage(role: .user, content: ""),
                ChatMessage(role: .user, content: "Oi"),
                ChatMessage(role: .assistant, content: "Olá"),
            ]
        )
        let (instruction, contents) = GeminiProvider.contents(for: request)
        #expect(instruction == "Base.\n\nNota do operador.")
        #expect(contents.map(\.role) == ["user", "model"])
        #expect(contents.map { $0.parts.map { $0["text"]?.stringValue } } == [["Oi"], ["Olá"]])
    }

    @Test("a conversation with no user text is refused before any request")
    func nothingToSend() async throws {
        try await withFake { fake in
            let empty = LLMRequest(systemPrompt: "x", messages: [ChatMessage(role: .assistant, content: "só eu")])
            await #expect {
                try await provider(fake.baseURL).reply(to: empty)
            } throws: { error in
                if case .invalidResponse = error as? LLMError { return true }
                return false
            }
            #expect(await fake.requestCount() == 0)
        }
    }
}
