import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import TagarelaFakes
import Testing

@testable import TagarelaServer

/// The older scripts' webhook paths take Meta's handshake and deliveries as well as Twilio's forms (Twilio's side is
/// `TwilioWebhookTests.olderScriptPathsWork`), and say which settings are missing when a channel is off.
@Suite("Webhooks: the older scripts' paths serve both channels", .timeLimit(.minutes(3)))
struct SharedWebhookPathTests {
    @Test(arguments: SharedWebhookRoutes.paths)
    func metaHandshakeAndDeliveriesWorkOnEveryOlderPath(path: String) async throws {
        try await TestWorld.with { world in
            try await world.withServer { client in
                let handshake = try await client.execute(
                    uri: "\(path)?hub.mode=subscribe&hub.verify_token=\(MetaHook.verifyToken)&hub.challenge=31337",
                    method: .get, headers: [:], body: nil)
                #expect(handshake.status == .ok)
                #expect(String(buffer: handshake.body) == "31337")
                let body = MetaHook.delivery(messages: [MetaHook.text("Oi")])
                let wrong = try await MetaHook.post(
                    client, body, signature: MetaHook.sign(body, secret: "another-secret"), path: path)
                #expect(wrong.status == .forbidden)
                let response = try await MetaHook.post(client, body, path: path)
                #expect(response.status == .ok)
                let sent = try await world.graph.waitForSent(count: 1)
                #expect(sent[0].to == "5511987654321")
                #expect(await world.twilio.sent().isEmpty)
            }
        }
    }

    @Test func aChannelThatIsOffSaysWhatToSet() async throws {
        try await TestWorld.with { world in
            var configuration = try world.configuration()
            configuration.meta = nil
            var quiet = Logger(label: "test")
            quiet.logLevel = .critical
            let app = try await buildApplication(configuration, dependencies: Dependencies(logger: quiet))
            try await app.test(.live) { client in
                let handshake = try await client.execute(
                    uri: "/webhook?hub.mode=subscribe&hub.verify_token=x&hub.challenge=1", method: .get, headers: [:],
                    body: nil)
                #expect(handshake.status == .notFound)
                #expect(String(buffer: handshake.body).contains("WHATSAPP_APP_SECRET"))
                let delivery = try await MetaHook.post(
                    client, MetaHook.delivery(messages: [MetaHook.text("Oi")]), path: "/webhook")
                #expect(delivery.status == .notFound)
                let neither = try await client.execute(
                    uri: "/webhook", method: .post, headers: [.contentType: "text/plain"],
                    body: ByteBuffer(string: "hello"))
                #expect(neither.status == .unsupportedMediaType)
                // Twilio's side of the same path still answers.
                let twilio = try await Webhook.post(client, Webhook.text("Oi"), path: "/webhook")
                #expect(twilio.status == .ok)
                _ = try await world.twilio.waitForSent(count: 1)
                #expect(try await client.stats()["contacts"] as? Int == 1)
            }
        }
    }
}
