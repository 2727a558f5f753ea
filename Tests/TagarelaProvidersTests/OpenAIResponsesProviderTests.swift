import AsyncHTTPClient
import Foundation
import Logging
import TagarelaCore
import TagarelaFakes
import Testing

@testable import TagarelaProviders

@Suite("OpenAIResponsesProvider against FakeOpenAI", .timeLimit(.minutes(3)))
struct OpenAIResponsesProviderTests {
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
        apiKey: String = "sk-test",
        model: String = "gpt-test",
        timeout: Duration = testPatience,
        maxAttempts: Int = 3,
        maxOutputTokens: Int? = nil,
        temperature: Double? = nil,
        clock: ImmediateTimeSource = ImmediateTimeSource()
    ) -> OpenAIResponsesProvider {
        OpenAIResponsesProvider(
            .test(
                baseURL, apiKey: apiKey, model: model, timeout: timeout, maxAttempts: maxAttempts,
                maxOutputTokens: maxOutputTokens, temperature: temperature, clock: clock, label: "test.openai-responses"
            ))
    }

    /// Starts a fake, runs `body`, and stops the fake even when `body` throws.
    func withFake(_ body: (FakeOpenAI) async throws -> Void) async throws {
        try await FakeOpenAI.start(apiKey: "sk-test").whileRunning(body)
    }

    /// The JSON object a recorded request carried.
    func sentJSON(_ request: FakeOpenAI.Request) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(request.rawJSON.utf8)) as? [String: Any])
    }

    /// True when `error` is `LLMError.invalidResponse` and its detail contains `text`.
    static func isInvalidResponse(_ error: any Error, containing text: String) -> Bool {
        guard case .invalidResponse(let detail) = error as? LLMError else { return false }
        return detail.contains(text)
    }

    @Test("sends exactly model, instructions, input, store:false and the set limits, on every request")
    func requestShape() async throws {
        try await withFake { fake in
            let provider = provider(fake.baseURL, maxOutputTokens: 256, temperature: 0.3)
            let reply = try await provider.reply(to: conversation)
            #expect(reply.text == "Resposta para: Que horas são?")
            #expect(reply.model == "gpt-test" && reply.provider == "openai")
            var longer = conversation
            longer.messages += [
                ChatMessage(role: .assistant, content: reply.text), ChatMessage(role: .user, content: "Obrigado"),
            ]
            _ = try await provider.reply(to: longer)

            let requests = await fake.requests()
            try #require(requests.count == 2)
            for request in requests {
                #expect(request.rejection == nil && request.endpoint == .responses)
                #expect(request.method == "POST" && request.authorization == "Bearer sk-test")
                let json = try sentJSON(request)
                #expect(
                    Set(json.keys) == ["model", "instructions", "input", "store", "max_output_tokens", "temperature"])
                // Not inherited between responses, so it must ride along each time.
                #expect(json["instructions"] as? String == "Você é a Tagarela.")
                #expect(request.store == false && request.rawJSON.contains(#""store":false"#))
                #expect(request.maxOutputTokens == 256 && request.temperature == 0.3)
                #expect(request.input.allSatisfy { $0.type == "message" })
            }
            let first = try #require(try sentJSON(requests[0])["input"] as? [[String: String]])
            #expect(
                first == [
                    ["role": "user", "content": "Oi"],
                    ["role": "assistant", "content": "Olá! Como posso ajudar?"],
                    ["role": "user", "content": "Que horas são?"],
                ])
            #expect(requests[1].input.map(\.role) == ["user", "assistant", "user", "assistant", "user"])
            #expect(requests[1].input.last?.text == "Obrigado")
        }
    }

    @Test("max_output_tokens below 16 is raised to the API's minimum; unset limits are left out")
    func maxOutputTokensClamp() async throws {
        try await withFake { fake in
            _ = try await provider(fake.baseURL, maxOutputTokens: 5).reply(to: conversation)
            _ = try await provider(fake.baseURL).reply(to: conversation)
            let requests = await fake.requests()
            try #require(requests.count == 2)
            #expect(requests[0].rejection == nil && requests[0].maxOutputTokens == 16)
            #expect(try Set(sentJSON(requests[1]).keys) == ["model", "instructions", "input", "store"])
        }
        let trailing = provider("https://api.openai.com/v1/")
        #expect(trailing.endpoint == "https://api.openai.com/v1/responses")
    }

    @Test("the text comes from every message item, after a reasoning item and around a tool call")
    func assemblesOutput() async throws {
        try await withFake { fake in
            await fake.enqueue([
                .response(
                    .init(output: [
                        .reasoning(summary: "Pensando na resposta"),
                        .message(["Olá, ", "tudo bem?"]),
                        .functionCall(name: "get_time", arguments: "{}"),
                        .message([" Até mais."]),
                    ]))
            ])
            let reply = try await provider(fake.baseURL).reply(to: conversation)
            #expect(reply.text == "Olá, tudo bem? Até mais.")
            // The fake counts words: 4 of instructions, then each item's words plus 4.
            #expect(reply.usage == TokenUsage(inputTokens: 4 + (1 + 4) + (4 + 4) + (3 + 4), outputTokens: 5))
        }
    }

    @Test("an incomplete response with text is still the answer")
    func incompleteWithText() async throws {
        try await withFake { fake in
            await fake.enqueue([
                .response(.incomplete(reason: "max_output_tokens", output: [.message(["Uma resposta cor"])]))
            ])
            let reply = try await provider(fake.baseURL).reply(to: conversation)
            #expect(reply.text == "Uma resposta cor")
        }
    }

    @Test("an incomplete response without text is invalidResponse naming the reason, not retried")
    func incompleteWithoutText() async throws {
        try await withFake { fake in
            await fake.enqueue([
                .response(.incomplete(reason: "max_output_tokens", output: [.reasoning(summary: "Pensando")]))
            ])
            await #expect {
                try await provider(fake.baseURL).reply(to: conversation)
            } throws: { Self.isInvalidResponse($0, containing: "max_output_tokens") }
            #expect(await fake.requestCount() == 1)
        }
    }

    @Test("a failed response is invalidResponse with its code")
    func failedResponse() async throws {
        try await withFake { fake in
            await fake.enqueue([.response(.failed(code: "server_error", message: "boom"))])
            await #expect {
                try await provider(fake.baseURL).reply(to: conversation)
            } throws: { Self.isInvalidResponse($0, containing: "server_error") }
            #expect(await fake.requestCount() == 1)
        }
    }

    @Test("a message with empty text is invalidResponse")
    func emptyText() async throws {
        try await withFake { fake in
            await fake.setResponder { _ in .text("") }
            await #expect {
                try await provider(fake.baseURL).reply(to: conversation)
            } throws: { Self.isInvalidResponse($0, containing: "no text") }
            #expect(await fake.requestCount() == 1)
        }
    }

    @Test("a wrong key is a 401 with OpenAI's code, not retried, and the key is not echoed")
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
