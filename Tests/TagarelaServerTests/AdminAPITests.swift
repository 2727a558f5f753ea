import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import TagarelaCore
import TagarelaFakes
import TagarelaSQLite
import Testing

@Suite("Admin API: contacts, messages, export, operator messages, the older scripts' routes", .timeLimit(.minutes(3)))
struct AdminAPITests {
    static let bearer: HTTPFields = [.authorization: "Bearer \(TestWorld.adminToken)"]

    /// Every admin route, as (method, path).
    static let routes: [(HTTPRequest.Method, String)] = [
        (.get, "/stats"), (.get, "/api/stats"), (.get, "/api/contacts"), (.get, "/api/contacts/1"),
        (.get, "/api/contacts/1/messages"), (.get, "/api/contacts/1/export"), (.post, "/api/contacts/1/messages"),
        (.post, "/api/contacts/1/template"), (.post, "/api/contacts/1/pause"), (.post, "/api/contacts/1/resume"),
        (.post, "/api/contacts/1/clear-memory"), (.delete, "/api/contacts/1"), (.post, "/clear-memory"),
        (.post, "/clear-user-memory/1"), (.get, "/memory-status/1"), (.get, "/api/media/abc"), (.get, "/metrics"),
        (.get, "/api/health"),
    ]

    @Test func everyAdminRouteNeedsTheToken() async throws {
        try await TestWorld.with { world in
            try await world.withServer { client in
                try await Webhook.post(client, Webhook.text("Oi"))
                _ = try await world.twilio.waitForSent(count: 1)
                for (method, path) in Self.routes {
                    for headers: HTTPFields in [[:], [.authorization: "Bearer wrong"], [.authorization: "Basic x"]] {
                        let response = try await client.execute(
                            uri: path, method: method, headers: headers, body: ByteBuffer(string: #"{"text":"x"}"#))
                        #expect(response.status == .unauthorized, "\(method) \(path)")
                        #expect(String(buffer: response.body).contains("\"error\""), "\(method) \(path)")
                    }
                }
                // Nothing changed: the contact is there, unpaused, with its memory.
                let status = try await Self.json(client, "/memory-status/1")
                #expect(status["messagesInMemory"] as? Int == 2 && status["paused"] as? Bool == false)
                #expect(await world.twilio.sent().count == 1)
            }
        }
    }

    @Test func contactsAreListedSearchedPagedAndShownWithTheirMessages() async throws {
        try await TestWorld.with { world in
            try await world.withServer { client in
                for (index, phone) in ["+5511900000001", "+5511900000002", "+5511900000003"].enumerated() {
                    try await Webhook.post(client, Webhook.text("pedido \(index)", from: "whatsapp:\(phone)"))
                    _ = try await world.twilio.waitForSent(count: index + 1)
                }
                #expect(
                    try await client.execute(uri: "/api/contacts", method: .get, headers: [:], body: nil).status
                        == .unauthorized)
                let first = try await Self.json(client, "/api/contacts?limit=2")
                let contacts = try #require(first["contacts"] as? [[String: Any]])
                #expect(contacts.count == 2)
                #expect(first["nextOffset"] as? Int == 2)
                #expect((contacts[0]["contact"] as? [String: Any])?["phone"] as? String == "+5511900000003")
                let second = try await Self.json(client, "/api/contacts?limit=2&offset=2")
                #expect((second["contacts"] as? [[String: Any]])?.count == 1)
                #expect(second["nextOffset"] is NSNull || second["nextOffset"] == nil)
                let found = try await Self.json(client, "/api/contacts?q=pedido%201")
                #expect((found["contacts"] as? [[String: Any]])?.count == 1)
                #expect((found["contacts"] as? [[String: Any]])?.first?["lastText"] != nil)

                let conversation = try await Self.json(client, "/api/contacts/1/messages")
                let messages = try #require(conversation["messages"] as? [[String: Any]])
                #expect(messages.map { $0["direction"] as? String } == ["in", "out"])
                #expect(messages[0]["text"] as? String == "pedido 0")
                let turns = try #require(conversation["turns"] as? [[String: Any]])
                #expect(turns.first?["model"] as? String == "test-model")
                let missing = try await client.execute(
                    uri: "/api/contacts/99/messages", method: .get, headers: Self.bearer, body: nil)
                #expect(missing.status == .notFound)
                #expect(String(buffer: missing.body).contains("There is no contact 99."))
                let export = try await client.execute(
                    uri: "/api/contacts/1/export", method: .get, headers: Self.bearer, body: nil)
                #expect(export.headers[.contentDisposition]?.contains("attachment") == true)
                #expect(String(buffer: export.body).contains("\"exportedAt\""))
                // The number the contact wrote to is theirs to see too.
                let exported = try JSONSerialization.jsonObject(with: Data(export.body.readableBytesView))
                let contact = try #require((exported as? [String: Any])?["contact"] as? [String: Any])
                #expect(contact["wroteTo"] as? String == TestWorld.botNumber)
                #expect(try await Self.json(client, "/api/stats")["contacts"] as? Int == 3)
            }
        }
    }

    @Test func aPersonWritesInsideTheWindowOnly() async throws {
        try await TestWorld.with { world in
            // A contact who last wrote two days ago (the server answers that message when it starts).
            let store = try ConversationSQLiteStore(path: world.databasePath)
            _ = try await store.ingest(
                InboundMessage(
                    channel: .twilio, providerMessageID: Webhook.newSid(),
                    identity: ContactIdentity(phone: "+5511900000009"), replyAddress: "whatsapp:+5511900000009",
                    profileName: "Edu", content: .text("oi")),
                at: Date().addingTimeInterval(-2 * 86_400), schedule: .immediate)
            try await world.withServer { client in
                try await Webhook.post(client, Webhook.text("Oi"))
                _ = try await world.twilio.waitForSent(count: 2)
                let late = try await Self.post(client, "/api/contacts/1/messages", #"{"text":"Ainda quer o bolo?"}"#)
                #expect(late.status == .conflict)
                #expect(String(buffer: late.body).contains("24 hours"))

                let sent = try await Self.post(client, "/api/contacts/2/messages", #"{"text":"Aqui é a Bia."}"#)
                #expect(sent.status == .accepted)
                let delivered = try await world.twilio.waitForSent(count: 3)
                #expect(delivered.last?.body == "Aqui é a Bia.")
                #expect(delivered.last?.to == "whatsapp:+5511987654321")
                #expect(try await Self.post(client, "/api/contacts/2/messages", #"{"text":" "}"#).status == .badRequest)
                #expect(try await Self.post(client, "/api/contacts/2/messages", "nope").status == .badRequest)
                #expect(try await Self.post(client, "/api/contacts/99/messages", #"{"text":"x"}"#).status == .notFound)
                // What the person said is memory: the model sees it next turn.
                try await Webhook.post(client, Webhook.text("Obrigado!"))
                _ = try await world.twilio.waitForSent(count: 4)
                let request = try #require(await world.openAI.requests().last)
                #expect(request.messages.contains { $0.role == "assistant" && $0.content.contains("Aqui é a Bia.") })
            }
        }
    }

    @Test func theOlderScriptsMemoryRoutesTakeAnIdOrANumber() async throws {
        try await TestWorld.with { world in
            try await world.withServer { client in
                try await Webhook.post(client, Webhook.text("Meu nome é Ana"))
                _ = try await world.twilio.waitForSent(count: 1)
                let status = try await Self.json(client, "/memory-status/whatsapp:+5511987654321")
                #expect(status["contactID"] as? Int == 1)
                #expect(status["messagesInMemory"] as? Int == 2)
                #expect(try await Self.json(client, "/memory-status/5511987654321")["contactID"] as? Int == 1)
                #expect(try await Self.json(client, "/memory-status/1")["messagesInMemory"] as? Int == 2)
                let cleared = try await Self.post(client, "/clear-user-memory/+5511987654321", "")
                #expect(cleared.status == .ok)
                #expect(try await Self.json(client, "/memory-status/1")["messagesInMemory"] as? Int == 0)
                let unknown = try await client.execute(
                    uri: "/memory-status/5511000000000", method: .get, headers: Self.bearer, body: nil)
                #expect(unknown.status == .notFound)
                #expect(!String(buffer: unknown.body).contains("5511000000000"))

                try await Webhook.post(client, Webhook.text("De novo"))
                _ = try await world.twilio.waitForSent(count: 2)
                let all = try await Self.post(client, "/clear-memory", "")
                #expect(String(buffer: all.body) == #"{"cleared":1}"#)
                #expect(try await Self.json(client, "/memory-status/1")["messagesInMemory"] as? Int == 0)
                let anonymous = try await client.execute(uri: "/clear-memory", method: .post, headers: [:], body: nil)
                #expect(anonymous.status == .unauthorized)
            }
        }
    }

    static func json(_ client: any TestClientProtocol, _ path: String) async throws -> [String: Any] {
        let response = try await client.execute(uri: path, method: .get, headers: bearer, body: nil)
        #expect(response.status == .ok, "\(path): \(String(buffer: response.body))")
        return try #require(
            try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any])
    }

    static func post(_ client: any TestClientProtocol, _ path: String, _ body: String) async throws -> TestResponse {
        var headers = bearer
        headers[.contentType] = "application/json"
        return try await client.execute(uri: path, method: .post, headers: headers, body: ByteBuffer(string: body))
    }
}
