import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import TagarelaChannels
import TagarelaFakes
import TagarelaServer
import Testing

@Suite("Health, stats and delivery status", .timeLimit(.minutes(3)))
struct OperationsTests {
    @Test func twilioWithoutAModelDoesNotStart() async throws {
        try await TestWorld.with { world in
            var configuration = try world.configuration()
            configuration.openAI = nil
            configuration.models.chain = []
            await #expect(throws: StartupError.self) {
                _ = try await buildApplication(configuration)
            }
        }
    }

    @Test func statsNeedsTheAdminToken() async throws {
        try await TestWorld.with { world in
            try await world.withServer { client in
                let none = try await client.execute(uri: "/stats", method: .get, headers: [:], body: nil)
                #expect(none.status == .unauthorized)
                let wrong = try await client.execute(
                    uri: "/stats", method: .get, headers: [.authorization: "Bearer nope"], body: nil)
                #expect(wrong.status == .unauthorized)
                try await Webhook.post(client, Webhook.text("Oi"))
                _ = try await world.twilio.waitForSent(count: 1)
                try await waitUntil {
                    let turns = try await client.stats()["turns"] as? [String: Any]
                    return turns?["answered"] as? Int == 1
                }
                let stats = try await client.stats()
                let messages = try #require(stats["messages"] as? [String: Any])
                #expect(messages["inbound"] as? Int == 1)
                #expect(messages["outbound"] as? Int == 1)
                let tokens = try #require(stats["tokens"] as? [String: Any])
                #expect((tokens["input"] as? Int ?? 0) > 0)
            }
        }
    }

    @Test func statusCallbacksAreSignedAndMoveForward() async throws {
        try await TestWorld.with { world in
            try await world.withServer { client in
                try await Webhook.post(client, Webhook.text("Oi"))
                let sid = try #require(try await world.twilio.waitForSent(count: 1).first?.sid)
                try await world.waitUntilRecorded(sid)
                let path = "/webhooks/twilio/status"
                func status(_ value: String) -> [(String, String)] {
                    [("MessageSid", sid), ("MessageStatus", value), ("AccountSid", TestWorld.accountSID)]
                }
                let unsigned = try await Webhook.post(client, status("read"), path: path, signature: "AAAA")
                #expect(unsigned.status == .forbidden)
                for value in ["delivered", "read", "sent"] {
                    let response = try await Webhook.post(client, status(value), path: path)
                    #expect(response.status == .ok)
                }
                // A late "sent" never undoes "read"; the stored row is checked through the store in the storage suite,
                // here the effect is visible as no failure and no unknown send.
                let messages = try #require(try await client.stats()["messages"] as? [String: Any])
                #expect(messages["failed"] as? Int == 0)
                let failed = try await Webhook.post(
                    client, status("undelivered") + [("ErrorCode", "63016")], path: path)
                #expect(failed.status == .ok)
                let after = try #require(try await client.stats()["messages"] as? [String: Any])
                #expect(after["failed"] as? Int == 1)
            }
        }
    }
}
