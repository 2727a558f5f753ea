import Foundation
import TagarelaCore
import TagarelaFakes
import Testing

@testable import TagarelaProviders

extension GeminiProviderTests {
    @Test("thought parts are left out of the text; thoughtsTokenCount counts as output")
    func thinking() async throws {
        try await withFake { fake in
            await fake.enqueue([.thinking(thought: "o usuário quer saber as horas", text: "São três horas.")])
            let reply = try await provider(fake.baseURL).reply(to: conversation)
            #expect(reply.text == "São três horas.")
            // 3 answer words plus 6 thought words.
            #expect(reply.usage == TokenUsage(inputTokens: 12, outputTokens: 9))
        }
    }

    @Test("text parts are joined; modelVersion names the model; MAX_TOKENS keeps the text; no usage is zero")
    func rawAnswer() async throws {
        try await withFake { fake in
            let body = """
                {"candidates":[{"content":{"role":"model","parts":[{"text":"Meia "},{"thoughtSignature":"c2ln"},\
                {"text":"resposta"}]},"finishReason":"MAX_TOKENS","index":0}],"modelVersion":"gemini-2.5-flash-001",\
                "responseId":"abc"}
                """
            await fake.enqueue([.raw(status: 200, json: body)])
            let reply = try await provider(fake.baseURL).reply(to: conversation)
            #expect(reply.text == "Meia resposta")
            #expect(reply.model == "gemini-2.5-flash-001")
            #expect(reply.usage == .zero)
        }
    }

    @Test("a blocked prompt is invalidResponse naming the reason, not retried")
    func blockedPrompt() async throws {
        try await withFake { fake in
            await fake.enqueue([.blocked("PROHIBITED_CONTENT")])
            let clock = ImmediateTimeSource()
            await #expect {
                try await provider(fake.baseURL, clock: clock).reply(to: conversation)
            } throws: { error in
                guard case .invalidResponse(let reason) = error as? LLMError else { return false }
                return reason.contains("blocked") && reason.contains("PROHIBITED_CONTENT")
            }
            #expect(await fake.requestCount() == 1)
            #expect(clock.sleeps.isEmpty)
        }
    }

    @Test("a candidate stopped by SAFETY with no text is invalidResponse, not retried")
    func safetyStop() async throws {
        try await withFake { fake in
            await fake.enqueue([.safety])
            await #expect {
                try await provider(fake.baseURL).reply(to: conversation)
            } throws: { error in
                guard case .invalidResponse(let reason) = error as? LLMError else { return false }
                return reason.contains("SAFETY")
            }
            #expect(await fake.requestCount() == 1)
        }
    }

    @Test("an answer that is not JSON, or holds only an empty text, is invalidResponse")
    func unreadableAnswers() async throws {
        try await withFake { fake in
            await fake.enqueue([.raw(status: 200, json: "<html>oops</html>"), .text("")])
            for _ in 0..<2 {
                await #expect {
                    try await provider(fake.baseURL).reply(to: conversation)
                } throws: { error in
                    if case .invalidResponse = error as? LLMError { return true }
                    return false
                }
            }
            #expect(await fake.requestCount() == 2)
        }
    }
}
