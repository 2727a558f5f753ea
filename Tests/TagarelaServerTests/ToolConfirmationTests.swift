import Foundation
import TagarelaCore
import TagarelaFakes
import Testing

/// A tool marked `confirm` on a running server: the server asks the contact, in its own words, and only their yes
/// makes the call, once; its result reaches the model and the contact gets an answer.
@Suite("Tools: a call that needs the contact's yes", .timeLimit(.minutes(3)))
struct ToolConfirmationTests {
    @Test("the contact is asked to confirm exactly the call; after 'sim' it runs once and they get the answer")
    func aYesReleasesTheHeldCall() async throws {
        try await TestWorld.with { world in
            let tool = CountingTool(confirm: true)
            await world.openAI.enqueue([.response(.calling([("cancel_order", #"{"order":"123"}"#)]))])
            let settings = ["LLM_PROVIDER": "openai", "TOOL_CONFIRM_SECONDS": "300"]
            try await world.withServer(settings, tools: [tool]) { client in
                try await Webhook.post(client, Webhook.text("Cancela o pedido 123"))
                let asked = try await world.twilio.waitForSent(count: 2)
                #expect(asked[0].body == "Resposta para: Cancela o pedido 123")
                #expect(
                    asked[1].body
                        == "Antes de continuar, preciso da sua confirmação para: *cancel_order* (Cancels one of the "
                        + "contact's orders)\n• order: 123\nResponda *sim* em até 5 min para confirmar; qualquer "
                        + "outra resposta cancela.")
                #expect(tool.calls.isEmpty)
                let held = try #require(await world.openAI.requests().last?.toolOutputs.values.first)
                #expect(held.contains("awaiting_confirmation"))

                try await Webhook.post(client, Webhook.text("Sim"))
                let answered = try await world.twilio.waitForSent(count: 3)
                #expect(answered[2].body == "Resposta para: Sim")
                #expect(tool.calls.map(\.arguments) == [["order": "123"]])
                #expect(tool.calls.first?.idempotencyKey?.isEmpty == false)
                let requests = await world.openAI.requests()
                #expect(requests.allSatisfy { $0.rejection == nil })
                #expect(requests.last?.calledTools == ["cancel_order"])
                #expect(requests.last?.toolOutputs.values.first == #"{"cancelled":"123"}"#)

                // Nothing is held any more: another yes is just a message.
                try await Webhook.post(client, Webhook.text("sim"))
                _ = try await world.twilio.waitForSent(count: 4)
                #expect(tool.calls.count == 1)
                let export = try await client.admin("/api/contacts/1/export")
                let journal = try #require(export.json["toolCalls"] as? [[String: Any]])
                #expect(journal.count == 1 && journal.first?["tool"] as? String == "cancel_order")
                let heldCalls = try #require(export.json["heldToolCalls"] as? [[String: Any]])
                #expect(heldCalls.map { $0["status"] as? String } == ["released"])
                let scrape = try await client.scrape(until: #"tagarela_turns_total{status="answered"}"#, is: 3)
                #expect(scrape[#"tagarela_tool_journal_total{outcome="held"}"#] == 1)
                #expect(scrape[#"tagarela_tool_journal_total{outcome="released"}"#] == 1)
            }
        }
    }

    @Test("Gemini: the confirmed call reaches the model as a call it did not make, and the contact gets the answer")
    func geminiGetsTheConfirmedCall() async throws {
        try await TestWorld.with { world in
            let tool = CountingTool(confirm: true)
            await world.gemini.enqueue([.functionCalls([("cancel_order", ["order": "123"])])])
            try await world.withServer(["LLM_PROVIDER": "gemini", "BOT_LANGUAGE": "en"], tools: [tool]) { client in
                try await Webhook.post(client, Webhook.text("Cancel order 123"))
                let asked = try await world.twilio.waitForSent(count: 2)
                #expect(
                    asked[1].body?.hasPrefix("Before I go ahead, I need your confirmation for: *cancel_order*") == true)
                try await Webhook.post(client, Webhook.text("yes."))
                let answered = try await world.twilio.waitForSent(count: 3)
                #expect(answered[2].body == "Resposta para: yes.")
                #expect(tool.calls.map(\.arguments) == [["order": "123"]])
                let requests = await world.gemini.requests()
                #expect(requests.allSatisfy { $0.rejection == nil })
                let last = try #require(requests.last)
                #expect(last.functionResponses.map(\.response) == [["cancelled": "123"]])
                let model = try #require(last.contents.last { $0.role == "model" })
                #expect(model.functionCalls.first?.thoughtSignature == "skip_thought_signature_validator")
            }
        }
    }
}
