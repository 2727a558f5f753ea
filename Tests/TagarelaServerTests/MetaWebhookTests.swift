import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import TagarelaChannels
import TagarelaCore
import TagarelaFakes
import TagarelaSQLite
import Testing

@Suite("Meta Cloud API webhook, end to end", .timeLimit(.minutes(3)))
struct MetaWebhookTests {
    @Test func theHandshakeAnswersTheBareChallengeOnlyForOurToken() async throws {
        try await TestWorld.with { world in
            try await world.withServer { client in
                let ok = try await client.execute(
                    uri:
                        "/webhooks/meta?hub.mode=subscribe&hub.verify_token=\(MetaHook.verifyToken)&hub.challenge=1158201444",
                    method: .get, headers: [:], body: nil)
                #expect(ok.status == .ok)
                #expect(String(buffer: ok.body) == "1158201444")
                let wrong = try await client.execute(
                    uri: "/webhooks/meta?hub.mode=subscribe&hub.verify_token=guess&hub.challenge=1", method: .get,
                    headers: [:], body: nil)
                #expect(wrong.status == .forbidden)
                let mode = try await client.execute(
                    uri: "/webhooks/meta?hub.mode=unsubscribe&hub.verify_token=\(MetaHook.verifyToken)&hub.challenge=1",
                    method: .get, headers: [:], body: nil)
                #expect(mode.status == .forbidden)
            }
        }
    }

    @Test func aTextIsStoredAcknowledgedMarkedReadAndAnswered() async throws {
        try await TestWorld.with { world in
            await world.openAI.setResponder { _ in .text("**Olá!** Tudo bem?") }
            try await world.withServer { client in
                let message = MetaHook.text("Oi, tudo bem?")
                let response = try await MetaHook.post(client, MetaHook.delivery(messages: [message]))
                #expect(response.status == .ok)
                let sent = try await world.graph.waitForSent(count: 1)
                #expect(sent[0].to == "5511987654321")
                #expect(sent[0].recipient == nil)
                #expect(sent[0].type == "text")
                #expect(sent[0].textBody == "*Olá!* Tudo bem?")
                let receipts = await world.graph.readReceipts()
                #expect(receipts.map(\.messageID) == [message["id"] as? String])
                #expect(receipts.first?.typing == "text")
                #expect(await world.twilio.sent().isEmpty)
                let request = try #require(await world.openAI.requests().first)
                #expect(request.messages.last?.content == "Oi, tudo bem?")
            }
        }
    }

    @Test func aWrongOrMissingSignatureIsRefusedAndNothingStored() async throws {
        try await TestWorld.with { world in
            try await world.withServer { client in
                let body = MetaHook.delivery(messages: [MetaHook.text("Oi")])
                let wrong = try await MetaHook.post(client, body, signature: MetaHook.sign(body, secret: "other"))
                #expect(wrong.status == .forbidden)
                let missing = try await MetaHook.post(client, body, signature: "")
                #expect(missing.status == .forbidden)
                // The same JSON value re-serialised is other bytes: its signature does not carry over.
                let reordered = body.replacingOccurrences(of: "{\"entry\"", with: "{ \"entry\"")
                let moved = try await MetaHook.post(client, reordered, signature: MetaHook.sign(body))
                #expect(moved.status == .forbidden)
                let malformed = try await MetaHook.post(client, "{\"object\": ")
                #expect(malformed.status == .badRequest)
                let notWhatsApp = try await MetaHook.post(client, #"{"object":"page","entry":[]}"#)
                #expect(notWhatsApp.status == .badRequest)
                #expect(try await client.stats()["contacts"] as? Int == 0)
            }
        }
    }

    @Test func aRedeliveryIsAnsweredOnce() async throws {
        try await TestWorld.with { world in
            try await world.withServer { client in
                let body = MetaHook.delivery(messages: [MetaHook.text("Oi")])
                for _ in 0..<3 { #expect(try await MetaHook.post(client, body).status == .ok) }
                _ = try await world.graph.waitForSent(count: 1)
                try await client.settled()
                #expect(await world.graph.sent().count == 1)
                #expect(await world.openAI.requestCount() == 1)
            }
        }
    }

    @Test func everyEntryChangeAndMessageOfABatchIsHandled() async throws {
        try await TestWorld.with { world in
            try await world.withServer(["DEBOUNCE_MS": "300", "DEBOUNCE_MAX_WAIT_MS": "300"]) { client in
                let ana = MetaHook.delivery(
                    messages: [
                        MetaHook.text("um", from: "5511900000001"), MetaHook.text("dois", from: "5511900000001"),
                    ])
                let bia = MetaHook.delivery(messages: [MetaHook.text("três", from: "5511900000002")], name: "Bia")
                // Two entries in one delivery, each with its own change.
                let both = try Self.merged([ana, bia])
                #expect(try await MetaHook.post(client, both).status == .ok)
                let sent = try await world.graph.waitForSent(count: 2)
                #expect(Set(sent.compactMap(\.to)) == ["5511900000001", "5511900000002"])
                let requests = await world.openAI.requests()
                #expect(requests.contains { $0.messages.last?.content == "um\ndois" })
                #expect(requests.contains { $0.messages.last?.content == "três" })
            }
        }
    }

    @Test func reactionsAreRecordedAndNotAnswered() async throws {
        try await TestWorld.with { world in
            try await world.withServer { client in
                let reaction: [String: Any] = [
                    "from": "5511987654321", "id": MetaHook.newID(),
                    "timestamp": String(Int(Date().timeIntervalSince1970)),
                    "type": "reaction", "reaction": ["message_id": "wamid.ours", "emoji": "❤️"],
                ]
                #expect(try await MetaHook.post(client, MetaHook.delivery(messages: [reaction])).status == .ok)
                try await client.settled()
                #expect(await world.openAI.requestCount() == 0)
                #expect(await world.graph.sent().isEmpty)
                let store = try ConversationSQLiteStore(path: world.databasePath)
                let contactID = try #require(try await world.contactIDs(store).first)
                let stored = try await store.messages(contactID: contactID)
                #expect(stored.map(\.kind) == ["reaction"])
                #expect(stored.first?.status == .recorded)
            }
        }
    }

    @Test func mediaGetsAPoliteReplyAndItsMetadataIsKept() async throws {
        try await TestWorld.with { world in
            try await world.withServer { client in
                let voice: [String: Any] = [
                    "from": "5511987654321", "id": MetaHook.newID(),
                    "timestamp": String(Int(Date().timeIntervalSince1970)),
                    "type": "audio",
                    "audio": [
                        "mime_type": "audio/ogg; codecs=opus", "sha256": "m04pFf2ERdaopTyFkGPA0+bX3i+YY2dYgVFwOgDLSDI=",
                        "id": "1234567890987654321", "voice": true,
                    ],
                ]
                #expect(try await MetaHook.post(client, MetaHook.delivery(messages: [voice])).status == .ok)
                let sent = try await world.graph.waitForSent(count: 1)
                #expect(sent[0].textBody?.contains("áudio") == true)
                #expect(await world.openAI.requestCount() == 0)
                let store = try ConversationSQLiteStore(path: world.databasePath)
                let contactID = try #require(try await world.contactIDs(store).first)
                let media = try #require(try await store.messages(contactID: contactID).first?.media)
                #expect(media.id == "1234567890987654321")
                #expect(media.mimeType == "audio/ogg; codecs=opus")
                #expect(media.voice == true)
            }
        }
    }

    @Test func aContactWithoutANumberIsAnsweredByBusinessScopedID() async throws {
        try await TestWorld.with { world in
            try await world.withServer { client in
                let message = MetaHook.text("Oi, sem número", from: nil, userID: "BR.13491208655302741918")
                #expect(try await MetaHook.post(client, MetaHook.delivery(messages: [message])).status == .ok)
                let sent = try await world.graph.waitForSent(count: 1)
                #expect(sent[0].to == nil)
                #expect(sent[0].recipient == "BR.13491208655302741918")
            }
        }
    }

    @Test func aChangedNumberKeepsTheMemory() async throws {
        try await TestWorld.with { world in
            await world.openAI.setResponder { request in .text("eco: \(request.lastUserMessage ?? "")") }
            try await world.withServer { client in
                try await MetaHook.post(
                    client, MetaHook.delivery(messages: [MetaHook.text("Meu nome é Carla", from: "16505551234")]))
                _ = try await world.graph.waitForSent(count: 1)
                let notice: [String: Any] = [
                    "from": "16505551234", "id": MetaHook.newID(),
                    "timestamp": String(Int(Date().timeIntervalSince1970)),
                    "type": "system",
                    "system": [
                        "body": "User Carla changed from 16505551234 to 12195555358", "wa_id": "12195555358",
                        "type": "user_changed_number",
                    ],
                ]
                #expect(
                    try await MetaHook.post(client, MetaHook.envelope([Self.value(messages: [notice])])).status == .ok)
                try await MetaHook.post(
                    client, MetaHook.delivery(messages: [MetaHook.text("Qual é meu nome?", from: "12195555358")]))
                let sent = try await world.graph.waitForSent(count: 2)
                #expect(sent[1].to == "12195555358")
                let last = try #require(await world.openAI.requests().last)
                #expect(last.messages.contains { $0.content == "Meu nome é Carla" })
                #expect(try await client.stats()["contacts"] as? Int == 1)
            }
        }
    }

    @Test func anOldBacklogIsStoredButNotAnswered() async throws {
        try await TestWorld.with { world in
            try await world.withServer { client in
                let old = MetaHook.text("mandei ontem", sentAt: Date().addingTimeInterval(-2 * 3600))
                #expect(try await MetaHook.post(client, MetaHook.delivery(messages: [old])).status == .ok)
                try await client.settled()
                #expect(await world.openAI.requestCount() == 0)
                try await MetaHook.post(client, MetaHook.delivery(messages: [MetaHook.text("e agora?")]))
                _ = try await world.graph.waitForSent(count: 1)
                let request = try #require(await world.openAI.requests().first)
                // The old message is memory, the new one is what the turn answers.
                #expect(request.messages.map(\.content).suffix(1) == ["mandei ontem\ne agora?"])
                #expect(await world.graph.sent().count == 1)
            }
        }
    }

    @Test func bothChannelsOnOneServerShareOnePerson() async throws {
        try await TestWorld.with { world in
            await world.openAI.setResponder { request in .text("eco: \(request.lastUserMessage ?? "")") }
            try await world.withServer { client in
                try await Webhook.post(client, Webhook.text("Sou a Dora, pelo Twilio", from: "whatsapp:+5511955554444"))
                let twilioSent = try await world.twilio.waitForSent(count: 1)
                #expect(twilioSent[0].to == "whatsapp:+5511955554444")
                try await MetaHook.post(
                    client, MetaHook.delivery(messages: [MetaHook.text("E agora pela Meta", from: "5511955554444")]))
                let metaSent = try await world.graph.waitForSent(count: 1)
                #expect(metaSent[0].to == "5511955554444")
                let last = try #require(await world.openAI.requests().last)
                #expect(last.messages.contains { $0.content == "Sou a Dora, pelo Twilio" })
                #expect(await world.twilio.sent().count == 1)
                #expect(try await client.stats()["contacts"] as? Int == 1)
            }
        }
    }

    @Test func everySharedSamplePayloadIsAcceptedWithoutHarm() async throws {
        let payloads = try ReferenceSamples.metaWebhookPayloads()
        #expect(payloads.count > 30)
        try await TestWorld.with { world in
            try await world.withServer(["MAX_MESSAGE_AGE_SECONDS": "0"]) { client in
                for (name, body) in payloads {
                    let response = try await MetaHook.post(client, body)
                    #expect(response.status == .ok, "\(name): \(response.status)")
                }
                #expect(try await client.stats()["messages"] != nil)
            }
        }
    }

    // MARK: helpers

    static func value(messages: [[String: Any]]) -> [String: Any] {
        [
            "messaging_product": "whatsapp",
            "metadata": ["display_phone_number": "15550783881", "phone_number_id": MetaHook.phoneNumberID],
            "messages": messages,
        ]
    }

    /// One delivery holding the entries of several.
    static func merged(_ deliveries: [String]) throws -> String {
        var entries: [Any] = []
        for delivery in deliveries {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(delivery.utf8)) as? [String: Any])
            entries += try #require(object["entry"] as? [Any])
        }
        let data = try JSONSerialization.data(withJSONObject: ["object": "whatsapp_business_account", "entry": entries])
        return String(decoding: data, as: UTF8.self)
    }
}
