import Foundation
import HummingbirdTesting
import TagarelaFakes
import Testing

/// The same conversation through each way of reaching a model, and the fallback chain between them.
@Suite("Providers: a conversation through each one keeps its memory", .timeLimit(.minutes(3)))
struct ProviderConversationTests {
    /// Two turns from one contact; returns what the second turn's model call carried, as (role, text).
    func secondTurn(
        _ world: TestWorld, _ overrides: [String: String], history: @Sendable @escaping () async -> [(String, String)]
    ) async throws -> [(String, String)] {
        try await world.withServer(overrides) { client in
            try await Webhook.post(client, Webhook.text("Meu nome é Ana"))
            _ = try await world.twilio.waitForSent(count: 1)
            try await Webhook.post(client, Webhook.text("Qual é meu nome?"))
            let sent = try await world.twilio.waitForSent(count: 2)
            #expect(sent[1].body == "Resposta para: Qual é meu nome?")
            return await history()
        }
    }

    @Test func theResponsesAPI() async throws {
        try await TestWorld.with { world in
            let sent = try await secondTurn(world, ["LLM_PROVIDER": "openai"]) {
                let last = await world.openAI.requests().last
                return last.map { request in request.input.map { ($0.role ?? "", $0.text) } } ?? []
            }
            let last = try #require(await world.openAI.requests().last)
            #expect(last.endpoint == .responses)
            #expect(last.store == false)
            // The instructions go with every request; the memory is Tagarela's own history.
            #expect(last.instructions == "Você é o assistente de testes.")
            #expect(sent.map(\.0) == ["user", "assistant", "user"])
            #expect(sent.map(\.1) == ["Meu nome é Ana", "Resposta para: Meu nome é Ana", "Qual é meu nome?"])
        }
    }

    @Test func chatCompletions() async throws {
        try await TestWorld.with { world in
            let sent = try await secondTurn(world, ["LLM_PROVIDER": "openai-chat"]) {
                let last = await world.openAI.requests().last
                return last.map { request in request.messages.map { ($0.role, $0.content) } } ?? []
            }
            #expect(await world.openAI.requests().last?.endpoint == .chatCompletions)
            #expect(sent.map(\.0) == ["system", "user", "assistant", "user"])
            #expect(sent.last?.1 == "Qual é meu nome?" && sent[1].1 == "Meu nome é Ana")
        }
    }

    @Test func gemini() async throws {
        try await TestWorld.with { world in
            let sent = try await secondTurn(world, ["LLM_PROVIDER": "gemini"]) {
                let last = await world.gemini.requests().last
                return last.map { request in request.contents.map { ($0.role, $0.text) } } ?? []
            }
            let last = try #require(await world.gemini.requests().last)
            #expect(last.systemInstruction == "Você é o assistente de testes.")
            #expect(last.apiKey == TestWorld.geminiKey)
            #expect(sent.map(\.0) == ["user", "model", "user"])
            #expect(sent.map(\.1) == ["Meu nome é Ana", "Resposta para: Meu nome é Ana", "Qual é meu nome?"])
            #expect(await world.openAI.requestCount() == 0)
        }
    }

    @Test func whenTheFirstProviderFailsTheNextAnswersAndTheTurnSaysWhich() async throws {
        try await TestWorld.with { world in
            // Billing exhausted: not retried at OpenAI, answered by Gemini.
            await world.openAI.enqueue([.insufficientQuota])
            try await world.withServer(["LLM_PROVIDER": "openai-chat", "LLM_FALLBACK": "gemini"]) { client in
                try await Webhook.post(client, Webhook.text("Oi"))
                let sent = try await world.twilio.waitForSent(count: 1)
                #expect(sent[0].body == "Resposta para: Oi")
                #expect(await world.openAI.requestCount() == 1)
                #expect(await world.gemini.requestCount() == 1)
                let turns = try #require(try await client.stats()["turns"] as? [String: Any])
                #expect(turns["byProvider"] as? [String: Int] == ["gemini": 1])
                #expect(turns["failed"] as? Int == 0)
            }
        }
    }

    @Test func theKillSwitchAnswersWithoutAnyModel() async throws {
        try await TestWorld.with { world in
            try await world.withServer(["LLM_DISABLED": "true", "LLM_FALLBACK": "gemini"]) { client in
                try await Webhook.post(client, Webhook.text("Oi"))
                let sent = try await world.twilio.waitForSent(count: 1)
                #expect(sent[0].body?.hasPrefix("Estou em pausa") == true)
                #expect(await world.openAI.requestCount() == 0)
                #expect(await world.gemini.requestCount() == 0)
                let turns = try #require(try await client.stats()["turns"] as? [String: Any])
                #expect(turns["answered"] as? Int == 0 && turns["failed"] as? Int == 0)
            }
        }
    }
}
