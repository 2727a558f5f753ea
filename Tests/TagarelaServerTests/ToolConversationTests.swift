import Foundation
import GRDB
import HTTPTypes
import HummingbirdTesting
import NIOCore
import TagarelaCore
import TagarelaFakes
import Testing

/// The model's tools on a running server, through each provider's wire format.
@Suite("Tools: the model calls them during a turn", .timeLimit(.minutes(3)))
struct ToolConversationTests {
    static let manaus = "whatsapp:+5592991234567"

    /// The `tool_calls` column of every turn, oldest first.
    func toolCalls(_ world: TestWorld) throws -> [[ToolCallRecord]] {
        let database = try DatabaseQueue(path: world.databasePath)
        let texts = try database.read { try String?.fetchAll($0, sql: "SELECT tool_calls FROM turns ORDER BY id") }
        return texts.map(TurnRecord.toolCalls(fromJSON:))
    }

    @Test("Responses API: the time where the contact is, a fact remembered and seen in the next turn")
    func responsesTimeAndFacts() async throws {
        try await TestWorld.with { world in
            await world.openAI.enqueue([
                .response(.calling([("current_time", "{}"), ("remember_fact", #"{"fact":"Chama-se Ana."}"#)]))
            ])
            try await world.withServer(["LLM_PROVIDER": "openai"]) { client in
                try await Webhook.post(client, Webhook.text("Que horas são aí? Me chamo Ana.", from: Self.manaus))
                let sent = try await world.twilio.waitForSent(count: 1)
                #expect(sent[0].body == "Resposta para: Que horas são aí? Me chamo Ana.")
                let requests = await world.openAI.requests()
                #expect(requests.count == 2 && requests.allSatisfy { $0.rejection == nil })
                #expect(
                    requests[0].toolNames == ["current_time", "remember_fact", "forget_fact", "handoff_to_human"])
                let time = try #require(requests[1].toolOutputs.values.first { $0.contains("time_zone") })
                #expect(time.contains("America/Manaus") && time.contains("-04:00"))

                try await Webhook.post(client, Webhook.text("Lembra de mim?", from: Self.manaus))
                _ = try await world.twilio.waitForSent(count: 2)
                let third = try #require(await world.openAI.requests().last)
                #expect(
                    third.instructions?.hasSuffix(
                        "<contact_facts>\n" + #"[{"fact":"Chama-se Ana.","id":1}]"# + "\n</contact_facts>") == true)
            }
            let calls = try toolCalls(world)
            #expect(calls.count == 2 && calls[0].map(\.name) == ["current_time", "remember_fact"])
            #expect(calls[0].allSatisfy { $0.error == nil } && calls[1].isEmpty)
        }
    }

    @Test("Gemini: a handoff tells the contact, silences the bot, and an operator resumes it")
    func geminiHandoffAndResume() async throws {
        try await TestWorld.with { world in
            await world.gemini.enqueue([.functionCalls([("handoff_to_human", ["reason": "quer um atendente"])])])
            try await world.withServer(["LLM_PROVIDER": "gemini"]) { client in
                try await Webhook.post(client, Webhook.text("Quero falar com um atendente"))
                let sent = try await world.twilio.waitForSent(count: 1)
                #expect(sent[0].body?.hasPrefix("Combinado! Vou passar a conversa") == true)
                let contact = try await client.admin("/api/contacts/1")
                #expect(contact.status == .ok)
                let handoff = try #require(contact.json["handoff"] as? [String: Any])
                #expect(handoff["reason"] as? String == "quer um atendente")

                // While a person has the conversation, the bot stays silent and asks no model.
                try await Webhook.post(client, Webhook.text("Alô? Tem alguém?"))
                try await waitUntil {
                    let stats = try await client.stats()
                    let turns = stats["turns"] as? [String: Any]
                    let queue = stats["queue"] as? [String: Int]
                    return turns?["total"] as? Int == 2 && queue?["pendingTurns"] == 0
                }
                #expect(await world.gemini.requestCount() == 1)
                #expect(await world.twilio.sent().count == 1)

                let resumed = try await client.admin("/api/contacts/1/resume", method: .post)
                #expect(resumed.status == .ok && !(resumed.json["handoff"] is [String: Any]))
                try await Webhook.post(client, Webhook.text("Voltei"))
                let again = try await world.twilio.waitForSent(count: 2)
                // The model sees what was said meanwhile too (the person's talk is memory as well).
                #expect(again[1].body?.hasSuffix("Alô? Tem alguém?\nVoltei") == true)
            }
        }
    }

    @Test("Chat Completions: only the tools LLM_TOOLS names are offered; none means no tools at all")
    func chatToolList() async throws {
        try await TestWorld.with { world in
            await world.openAI.enqueue([.response(.calling([("current_time", #"{"time_zone":"Asia/Tokyo"}"#)]))])
            try await world.withServer(["LLM_PROVIDER": "openai-chat", "LLM_TOOLS": "current_time"]) { client in
                try await Webhook.post(client, Webhook.text("Que horas são em Tóquio?"))
                _ = try await world.twilio.waitForSent(count: 1)
            }
            let requests = await world.openAI.requests()
            #expect(requests.map(\.toolNames) == [["current_time"], ["current_time"]])
            #expect(requests[1].toolOutputs.values.first?.contains("Asia/Tokyo") == true)
        }
        try await TestWorld.with { world in
            try await world.withServer(["LLM_PROVIDER": "openai-chat", "LLM_TOOLS": "none"]) { client in
                try await Webhook.post(client, Webhook.text("Oi"))
                _ = try await world.twilio.waitForSent(count: 1)
            }
            let request = try #require(await world.openAI.requests().first)
            #expect(request.toolNames.isEmpty && !request.rawJSON.contains("tools"))
        }
    }

    @Test("the contacts API: the token, a clear 404 and 400, and an operator's pause")
    func contactsAPI() async throws {
        try await TestWorld.with { world in
            try await world.withServer { client in
                try await Webhook.post(client, Webhook.text("Oi"))
                _ = try await world.twilio.waitForSent(count: 1)
                let anonymous = try await client.execute(uri: "/api/contacts/1", method: .get, headers: [:], body: nil)
                #expect(anonymous.status == .unauthorized)
                #expect(try await client.admin("/api/contacts/99").status == .notFound)
                #expect(try await client.admin("/api/contacts/abc").status == .badRequest)
                let paused = try await client.admin(
                    "/api/contacts/1/pause", method: .post, body: #"{"reason":"cliente VIP"}"#)
                #expect((paused.json["handoff"] as? [String: Any])?["reason"] as? String == "cliente VIP")
                #expect(
                    try await client.admin("/api/contacts/1/pause", method: .post, body: "{oops").status == .badRequest)
            }
        }
    }
}

extension TestClientProtocol {
    /// An admin API call with the token; the answer's status and JSON object.
    func admin(_ uri: String, method: HTTPRequest.Method = .get, body: String? = nil) async throws
        -> (status: HTTPResponse.Status, json: [String: Any])
    {
        var headers: HTTPFields = [.authorization: "Bearer \(TestWorld.adminToken)"]
        if body != nil { headers[.contentType] = "application/json" }
        let response = try await execute(
            uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) })
        let json = (try? JSONSerialization.jsonObject(with: Data(response.body.readableBytesView))) as? [String: Any]
        return (response.status, json ?? [:])
    }
}
