import AsyncHTTPClient
import Foundation
import Logging
import TagarelaCore
import TagarelaFakes
import Testing

@testable import TagarelaProviders

@Suite("OpenAIChatProvider against FakeOpenAI", .timeLimit(.minutes(3)))
struct OpenAIChatProviderTests {
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
        apiKey: String? = "sk-test",
        model: String = "gpt-test",
        timeout: Duration = testPatience,
        maxAttempts: Int = 3,
        maxOutputTokens: Int? = nil,
        temperature: Double? = nil,
        clock: ImmediateTimeSource = ImmediateTimeSource()
    ) -> OpenAIChatProvider {
        OpenAIChatProvider(
            .test(
                baseURL, apiKey: apiKey, model: model, timeout: timeout, maxAttempts: maxAttempts,
                maxOutputTokens: maxOutputTokens, temperature: temperature, clock: clock, label: "test.openai-chat"))
    }

    /// Starts a fake, runs `body`, and stops the fake even when `body` throws.
    func withFake(apiKey: String? = "sk-test", _ body: (FakeOpenAI) async throws -> Void) async throws {
        try await FakeOpenAI.start(apiKey: apiKey).whileRunning(body)
    }

    @Test("answers and sends the exact request shape")
    func success() async throws {
        try await withFake { fake in
            let provider = provider(fake.baseURL, maxOutputTokens: 256, temperature: 0.3)
            let reply = try await provider.reply(to: conversation)
            #expect(reply.text == "Resposta para: Que horas são?")
            #expect(reply.model == "gpt-test")
            #expect(reply.provider == "openai-chat")
            #expect(reply.usage.inputTokens > 0 && reply.usage.outputTokens == 5)

            let request = try #require(await fake.requests().first)
            #expect(request.rejection == nil)
            #expect(request.method == "POST" && request.path == "/v1/chat/completions")
            #expect(request.authorization == "Bearer sk-test")
            #expect(request.headers["content-type"] == "application/json")
            #expect(request.model == "gpt-test")
            #expect(request.messages.map(\.role) == ["system", "user", "assistant", "user"])
            #expect(request.messages.first?.content == "Você é a Tagarela.")
            #expect(request.messages.last?.content == "Que horas são?")
            // Any host but OpenAI's own gets `max_tokens`: llama.cpp and Ollama know only that field.
            #expect(request.maxTokens == 256 && request.maxCompletionTokens == nil)
            #expect(!request.rawJSON.contains("max_completion_tokens"))
            #expect(request.temperature == 0.3)
        }
    }

    @Test("OpenAI's own host gets max_completion_tokens; unset fields are left out")
    func maxTokensFieldPerHost() throws {
        let openAI = provider("https://api.openai.com/v1/", maxOutputTokens: 300)
        let json = try #require(String(data: try openAI.makeBody(for: conversation), encoding: .utf8))
        #expect(json.contains("\"max_completion_tokens\":300") && !json.contains("\"max_tokens\""))
        #expect(openAI.endpoint == "https://api.openai.com/v1/chat/completions")

        let bare = try #require(
            String(data: try provider("http://localhost:11434/v1").makeBody(for: conversation), encoding: .utf8))
        #expect(!bare.contains("max_") && !bare.contains("temperature"))
    }

    @Test("a local server without a key gets no Authorization header")
    func noKeyLocalMode() async throws {
        try await withFake(apiKey: nil) { fake in
            let reply = try await provider(fake.baseURL, apiKey: nil).reply(to: conversation)
            #expect(reply.text == "Resposta para: Que horas são?")
            let request = try #require(await fake.requests().first)
            #expect(request.authorization == nil)
        }
    }

    @Test("a wrong key is a 401 with OpenAI's code, not retried")
    func wrongKey() async throws {
        try await withFake { fake in
            let clock = ImmediateTimeSource()
            await #expect {
                try await provider(fake.baseURL, apiKey: "sk-wrong-key", clock: clock).reply(to: conversation)
            } throws: { error in
                guard case .http(401, "invalid_api_key", let message) = error as? LLMError else { return false }
                return message.contains("Incorrect API key") && !message.contains("sk-wrong-key")
            }
            #expect(await fake.requestCount() == 1)
            #expect(clock.sleeps.isEmpty)
        }
    }
}
