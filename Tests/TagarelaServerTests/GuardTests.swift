import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import TagarelaFakes
import Testing

@Suite("Guards: opt-out, rate limit, lists, length", .timeLimit(.minutes(3)))
struct GuardTests {
    @Test func stopOptsOutUntilTheContactWritesAgain() async throws {
        try await TestWorld.with { world in
            try await world.withServer { client in
                try await Webhook.post(client, Webhook.text("Oi"))
                _ = try await world.twilio.waitForSent(count: 1)
                try await Webhook.post(client, Webhook.text("Sair"))
                try await client.settled()
                #expect(await world.twilio.sent().count == 1)
                #expect(await world.openAI.requestCount() == 1)
                try await Webhook.post(client, Webhook.text("Voltei, pode falar de novo"))
                _ = try await world.twilio.waitForSent(count: 2)
                #expect(await world.openAI.requestCount() == 2)
            }
        }
    }

    @Test func twilioOptOutErrorIsRecorded() async throws {
        try await TestWorld.with { world in
            await world.twilio.optOut("whatsapp:+5511987654321")
            try await world.withServer { client in
                try await Webhook.post(client, Webhook.text("Oi"))
                try await waitUntil { await world.twilio.rejected().count == 1 }
                #expect(await world.twilio.rejected().first?.code == 21610)
                try await waitUntil {
                    let messages = try await client.stats()["messages"] as? [String: Any]
                    return messages?["failed"] as? Int == 1
                }
            }
        }
    }

    @Test func rateLimitSendsOneNoticeAndSparesTheModel() async throws {
        try await TestWorld.with { world in
            try await world.withServer(["RATE_LIMIT_MESSAGES": "2", "RATE_LIMIT_WINDOW_SECONDS": "600"]) { client in
                for index in 1...2 {
                    try await Webhook.post(client, Webhook.text("mensagem \(index)"))
                    _ = try await world.twilio.waitForSent(count: index)
                }
                try await Webhook.post(client, Webhook.text("mensagem 3"))
                let sent = try await world.twilio.waitForSent(count: 3)
                #expect(sent[2].body?.hasPrefix("Opa, chegou muita mensagem") == true)
                try await Webhook.post(client, Webhook.text("mensagem 4"))
                try await client.settled()
                #expect(await world.twilio.sent().count == 3)
                #expect(await world.openAI.requestCount() == 2)
            }
        }
    }

    @Test func blockedAndNotAllowedContactsAreIgnored() async throws {
        try await TestWorld.with { world in
            let overrides = ["ALLOWED_CONTACTS": "+5511900000001,+5511900000002", "BLOCKED_CONTACTS": "+5511900000002"]
            try await world.withServer(overrides) { client in
                try await Webhook.post(client, Webhook.text("bloqueado", from: "whatsapp:+5511900000002"))
                try await Webhook.post(client, Webhook.text("estranho", from: "whatsapp:+5511900000003"))
                try await Webhook.post(client, Webhook.text("permitido", from: "whatsapp:+5511900000001"))
                let sent = try await world.twilio.waitForSent(count: 1)
                try await client.settled()
                #expect(await world.twilio.sent().count == 1)
                #expect(sent[0].to == "whatsapp:+5511900000001")
                // Ignored messages are still stored: nothing a contact sends is lost.
                #expect(try await client.stats()["contacts"] as? Int == 3)
            }
        }
    }

    @Test func overlongTextGetsANoticeNotAModelCall() async throws {
        try await TestWorld.with { world in
            try await world.withServer(["MAX_INBOUND_CHARS": "50"]) { client in
                try await Webhook.post(client, Webhook.text(String(repeating: "a", count: 51)))
                let sent = try await world.twilio.waitForSent(count: 1)
                #expect(sent[0].body?.hasPrefix("Sua mensagem ficou longa demais") == true)
                #expect(await world.openAI.requestCount() == 0)
            }
        }
    }
}
