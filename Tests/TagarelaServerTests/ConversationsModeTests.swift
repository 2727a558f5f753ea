import Foundation
import HTTPTypes
import HummingbirdTesting
import TagarelaFakes
import Testing

/// `OPENAI_HISTORY=conversations`: one OpenAI conversation per contact, cleared and deleted with the contact.
@Suite("OpenAI Conversations mode on a running server", .timeLimit(.minutes(3)))
struct ConversationsModeTests {
    let settings = ["LLM_PROVIDER": "openai", "OPENAI_HISTORY": "conversations", "LLM_MAX_ATTEMPTS": "1"]

    @Test("each turn continues the contact's conversation; clearing the memory deletes it at OpenAI")
    func continuesThenClears() async throws {
        try await TestWorld.with { world in
            try await world.withServer(settings) { client in
                try await Webhook.post(client, Webhook.text("Meu nome é Ana"))
                _ = try await world.twilio.waitForSent(count: 1)
                try await Webhook.post(client, Webhook.text("Qual é meu nome?"))
                let sent = try await world.twilio.waitForSent(count: 2)
                #expect(sent[1].body == "Resposta para: Qual é meu nome?")
                let first = try #require(await world.openAI.conversationIDs().first)
                #expect(await world.openAI.conversationIDs().count == 1)
                // Two turns, each with its message and its answer.
                #expect(await world.openAI.conversation(first)?.count == 4)
                let responses = await world.openAI.requests().filter { $0.endpoint == .responses }
                #expect(responses.map(\.conversation) == [first, first])
                #expect(responses.map { $0.input.map(\.text) } == [["Meu nome é Ana"], ["Qual é meu nome?"]])

                #expect(try await client.admin("/api/contacts/1/clear-memory", method: .post).status == .ok)
                #expect(await world.openAI.conversationIDs().isEmpty)
                try await Webhook.post(client, Webhook.text("Oi de novo"))
                _ = try await world.twilio.waitForSent(count: 3)
                let fresh = try #require(await world.openAI.conversationIDs().first)
                #expect(fresh != first)
                #expect(await world.openAI.conversation(fresh)?.count == 2)
            }
        }
    }

    @Test("what a person wrote from the dashboard or the API joins the conversation before the next turn")
    func operatorMessagesJoinTheConversation() async throws {
        try await TestWorld.with { world in
            try await world.withServer(settings) { client in
                try await Webhook.post(client, Webhook.text("Quero falar com alguém"))
                _ = try await world.twilio.waitForSent(count: 1)
                let sent = try await client.admin(
                    "/api/contacts/1/messages", method: .post, body: #"{"text": "Oi, aqui é a Bia, da loja."}"#)
                #expect(sent.status == .accepted)
                _ = try await world.twilio.waitForSent(count: 2)
                try await Webhook.post(client, Webhook.text("Obrigada, Bia!"))
                _ = try await world.twilio.waitForSent(count: 3)
                let last = try #require(await world.openAI.requests().last { $0.endpoint == .responses })
                #expect(last.input.map(\.text) == ["Oi, aqui é a Bia, da loja.", "Obrigada, Bia!"])
                // Said once: the next turn does not send it again.
                try await Webhook.post(client, Webhook.text("Tchau"))
                _ = try await world.twilio.waitForSent(count: 4)
                let after = try #require(await world.openAI.requests().last { $0.endpoint == .responses })
                #expect(after.input.map(\.text) == ["Tchau"])
            }
        }
    }

    @Test("deleting the contact deletes the conversation; if OpenAI cannot, nothing is deleted")
    func deletes() async throws {
        try await TestWorld.with { world in
            // OpenAI unreachable is found out within the (short) model timeout.
            try await world.withServer(settings.merging(["LLM_TIMEOUT_SECONDS": "2"]) { $1 }) { client in
                try await Webhook.post(client, Webhook.text("Oi"))
                _ = try await world.twilio.waitForSent(count: 1)
                #expect(await world.openAI.conversationIDs().count == 1)
                #expect(try await client.admin("/api/contacts/1", method: .delete).status == .noContent)
                #expect(await world.openAI.conversationIDs().isEmpty)
                #expect(try await client.admin("/api/contacts/1").status == .notFound)
                #expect(try await client.admin("/api/contacts/1", method: .delete).status == .notFound)

                try await Webhook.post(client, Webhook.text("Voltei", from: "whatsapp:+5511900000002"))
                _ = try await world.twilio.waitForSent(count: 2)
                await world.openAI.stop()
                let refused = try await client.admin("/api/contacts/2", method: .delete)
                #expect(refused.status == .badGateway)
                #expect(try await client.admin("/api/contacts/2").status == .ok)
            }
        }
    }

    @Test("after a handoff and a resume the conversation goes on with what the contact said meanwhile")
    func handoffThenResume() async throws {
        try await TestWorld.with { world in
            await world.openAI.enqueue([.response(.calling([("handoff_to_human", #"{"reason":"pediu"}"#)]))])
            try await world.withServer(settings) { client in
                try await Webhook.post(client, Webhook.text("Quero um atendente"))
                _ = try await world.twilio.waitForSent(count: 1)
                try await Webhook.post(client, Webhook.text("Alô?"))
                try await waitUntil { (try await client.stats()["turns"] as? [String: Any])?["total"] as? Int == 2 }
                #expect(try await client.admin("/api/contacts/1/resume", method: .post).status == .ok)
                try await Webhook.post(client, Webhook.text("Voltei"))
                let sent = try await world.twilio.waitForSent(count: 2)
                #expect(sent[1].body == "Resposta para: Alô?\nVoltei")
            }
            let last = try #require(await world.openAI.requests().last)
            #expect(last.rejection == nil)
            #expect(last.input.map(\.type) == ["function_call_output", "message"])
            #expect(last.input.last?.text == "Alô?\nVoltei")
        }
    }
}
