import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import TagarelaCore
import TagarelaFakes
import TagarelaSQLite
import Testing

@Suite("Conversations: memory, identity, bursts, long replies", .timeLimit(.minutes(3)))
struct ConversationTests {
    @Test func memoryCarriesAcrossTurnsAndNeverMixesContacts() async throws {
        try await TestWorld.with { world in
            await world.openAI.setResponder { request in .text("eco: \(request.lastUserMessage ?? "")") }
            try await world.withServer { client in
                try await Webhook.post(client, Webhook.text("Meu nome é Ana", from: "whatsapp:+5511900000001"))
                _ = try await world.twilio.waitForSent(count: 1)
                try await Webhook.post(client, Webhook.text("Sou o Bruno", from: "whatsapp:+5511900000002"))
                _ = try await world.twilio.waitForSent(count: 2)
                try await Webhook.post(client, Webhook.text("Qual é meu nome?", from: "whatsapp:+5511900000001"))
                _ = try await world.twilio.waitForSent(count: 3)
                let last = try #require(await world.openAI.requests().last)
                #expect(
                    last.messages.map(\.content) == [
                        "Você é o assistente de testes.", "Meu nome é Ana", "eco: Meu nome é Ana", "Qual é meu nome?",
                    ])
                #expect(!last.rawJSON.contains("Bruno"))
            }
        }
    }

    @Test func phoneAndBusinessScopedIDShareOneMemory() async throws {
        try await TestWorld.with { world in
            try await world.withServer { client in
                // First with the number and the new business-scoped id side by side...
                try await Webhook.post(
                    client,
                    Webhook.text(
                        "Oi, sou a Carla", extra: [("ExternalUserId", "whatsapp:BR.1234"), ("WaId", "5511987654321")]))
                _ = try await world.twilio.waitForSent(count: 1)
                // ...then with the business-scoped id alone, as 2026 senders may.
                try await Webhook.post(client, Webhook.text("Lembra de mim?", from: "whatsapp:BR.1234"))
                let sent = try await world.twilio.waitForSent(count: 2)
                #expect(sent[1].to == "whatsapp:BR.1234")
                let last = try #require(await world.openAI.requests().last)
                #expect(last.messages.contains { $0.content == "Oi, sou a Carla" })
                #expect(try await client.stats()["contacts"] as? Int == 1)
            }
        }
    }

    @Test func burstWithinDebounceIsOneTurn() async throws {
        let clock = ManualTimeSource()
        try await TestWorld.with { world in
            try await world.withServer(["DEBOUNCE_MS": "1500", "DEBOUNCE_MAX_WAIT_MS": "6000"], timeSource: clock) {
                client in
                for text in ["Oi", "queria saber", "o horário de amanhã"] {
                    try await Webhook.post(client, Webhook.text(text))
                    clock.advance(by: .milliseconds(500))
                }
                // The turn is due when the last message's debounce ends (1.5 s after it); the clock is not there
                // yet, so no worker can have claimed it or asked the model anything.
                let store = try ConversationSQLiteStore(path: world.databasePath)
                #expect(try await store.nextTurnDue(channels: [.twilio]) == clock.now().addingTimeInterval(1.0))
                #expect(await world.openAI.requestCount() == 0)
                clock.advance(by: .milliseconds(1100))
                _ = try await world.twilio.waitForSent(count: 1)
                let request = try #require(await world.openAI.requests().first)
                #expect(request.lastUserMessage == "Oi\nqueria saber\no horário de amanhã")
                #expect(await world.openAI.requestCount() == 1)
            }
        }
    }

    @Test func longReplyIsSplitInOrderUnderTwilioLimit() async throws {
        let paragraph = String(repeating: "Esta é uma frase de teste com acentuação e emoji 👍🏽. ", count: 14)
        let reply = Array(repeating: paragraph, count: 5).joined(separator: "\n\n")
        try await TestWorld.with { world in
            await world.openAI.setResponder { _ in .text(reply) }
            try await world.withServer { client in
                try await Webhook.post(client, Webhook.text("Conte uma história longa"))
                let sent = try await world.twilio.waitForSent(count: 3)
                #expect(sent.map(\.order) == sent.map(\.order).sorted())
                #expect(sent.allSatisfy { ($0.body?.utf16.count ?? 0) <= 1600 })
                // Nothing lost or reordered, and every part ends at a sentence.
                let words = sent.compactMap(\.body).joined(separator: " ").split(whereSeparator: \.isWhitespace)
                #expect(words == reply.split(whereSeparator: \.isWhitespace))
                #expect(sent.allSatisfy { $0.body?.hasSuffix(".") == true })
                #expect(await world.twilio.rejected().isEmpty)
            }
        }
    }

    @Test func modelFailureSendsTheFallbackOnce() async throws {
        try await TestWorld.with { world in
            await world.openAI.setResponder { _ in
                .error(status: 500, code: nil, type: "server_error", message: "boom", retryAfter: "0")
            }
            try await world.withServer(["LLM_MAX_ATTEMPTS": "3"]) { client in
                try await Webhook.post(client, Webhook.text("Oi"))
                let sent = try await world.twilio.waitForSent(count: 1)
                #expect(sent[0].body?.hasPrefix("Ops, tive um probleminha") == true)
                #expect(await world.openAI.requestCount() == 3)
                let turns = try #require(try await client.stats()["turns"] as? [String: Any])
                #expect(turns["failed"] as? Int == 1)
            }
        }
    }

    @Test func insufficientQuotaIsNotRetried() async throws {
        try await TestWorld.with { world in
            await world.openAI.setResponder { _ in
                .error(status: 429, code: "insufficient_quota", type: "insufficient_quota", message: "billing")
            }
            try await world.withServer { client in
                try await Webhook.post(client, Webhook.text("Oi"))
                _ = try await world.twilio.waitForSent(count: 1)
                #expect(await world.openAI.requestCount() == 1)
            }
        }
    }
}

@Suite("Conversations: a history too long for the model", .timeLimit(.minutes(3)))
struct ContextTooLongTests {
    @Test func theHistoryIsTrimmedAndTheTurnAskedOnceMore() async throws {
        try await TestWorld.with { world in
            await world.openAI.setResponder { _ in .text("ok") }
            try await world.withServer(["MEMORY_MAX_TOKENS": "4000"]) { client in
                for index in 1...6 {
                    let text = "mensagem \(index) " + String(repeating: "palavra ", count: 200)
                    try await Webhook.post(client, Webhook.text(text))
                    _ = try await world.twilio.waitForSent(count: index)
                }
                await world.openAI.enqueue([
                    .error(
                        status: 400, code: "context_length_exceeded", type: "invalid_request_error",
                        message: "This model's maximum context length is 4097 tokens.")
                ])
                try await Webhook.post(client, Webhook.text("e agora?"))
                let sent = try await world.twilio.waitForSent(count: 7)
                #expect(sent[6].body == "ok")
                let requests = await world.openAI.requests()
                let refused = requests[requests.count - 2]
                let retried = requests[requests.count - 1]
                // The same turn, asked again with less memory: still ending with what it answers.
                #expect(retried.messages.count < refused.messages.count)
                #expect(retried.messages.last?.content == "e agora?")
                #expect(retried.messages.first?.role == "system")
            }
        }
    }
}
