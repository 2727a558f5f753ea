import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import TagarelaCore
import TagarelaFakes
import TagarelaServer
import Testing

@Suite("Prometheus metrics", .timeLimit(.minutes(3)))
struct MetricsTests {
    @Test func metricsNeedTheAdminTokenUnlessPublic() async throws {
        try await TestWorld.with { world in
            try await world.withServer { client in
                let none = try await client.execute(uri: "/metrics", method: .get, headers: [:], body: nil)
                #expect(none.status == .unauthorized)
                #expect(String(buffer: none.body).contains(#""error""#))
                let wrong = try await client.execute(
                    uri: "/metrics", method: .get, headers: [.authorization: "Bearer nope"], body: nil)
                #expect(wrong.status == .unauthorized)
                #expect(try await client.scrape().text.contains("# TYPE tagarela_turn_duration_seconds histogram"))
            }
            try await world.withServer(["METRICS_PUBLIC": "true"]) { client in
                let open = try await client.execute(uri: "/metrics", method: .get, headers: [:], body: nil)
                #expect(open.status == .ok)
                #expect(String(buffer: open.body).contains("tagarela_queue_depth"))
            }
            // No admin token and not public: closed, like /stats.
            try await world.withServer(["ADMIN_TOKEN": ""]) { client in
                let closed = try await client.execute(uri: "/metrics", method: .get, headers: [:], body: nil)
                #expect(closed.status == .unauthorized)
            }
        }
    }

    @Test func aTwilioRoundTripIsCountedFromWebhookToSend() async throws {
        try await TestWorld.with { world in
            try await world.withServer { client in
                let message = Webhook.text("Oi")
                try await Webhook.post(client, message)
                _ = try await world.twilio.waitForSent(count: 1)
                let scrape = try await client.scrape(
                    until: #"tagarela_sends_total{channel="twilio",outcome="sent"}"#, is: 1)
                #expect(scrape[#"tagarela_webhooks_received_total{channel="twilio",outcome="accepted"}"#] == 1)
                #expect(scrape["tagarela_turn_duration_seconds_count"] == 1)
                #expect(scrape[#"tagarela_turns_total{status="answered"}"#] == 1)
                #expect(scrape[#"tagarela_llm_requests_total{provider="openai-chat"}"#] == 1)
                #expect(scrape[#"tagarela_llm_request_duration_seconds_count{provider="openai-chat"}"#] == 1)
                #expect(scrape[#"tagarela_llm_tokens_total{model="test-model",direction="input"}"#] ?? 0 > 0)
                #expect(scrape[#"tagarela_llm_tokens_total{model="test-model",direction="output"}"#] ?? 0 > 0)
                #expect(scrape[#"tagarela_queue_depth{queue="turns"}"#] == 0)
                #expect(scrape[#"tagarela_queue_depth{queue="outbound"}"#] == 0)
                #expect(
                    scrape[#"tagarela_http_requests_total{method="POST",route="/webhooks/twilio",status="200"}"#] == 1)
                // Twilio delivering the same message again is a duplicate, not a second message.
                try await Webhook.post(client, message)
                let again = try await client.scrape()
                #expect(again[#"tagarela_webhooks_received_total{channel="twilio",outcome="duplicate"}"#] == 1)
                #expect(again[#"tagarela_webhooks_received_total{channel="twilio",outcome="accepted"}"#] == 1)
            }
        }
    }

    @Test func refusedWebhooksAreCountedByOutcome() async throws {
        try await TestWorld.with { world in
            try await world.withServer { client in
                let forged = try await Webhook.post(client, Webhook.text("Oi"), signature: "AAAA")
                #expect(forged.status == .forbidden)
                let unsigned = try await Webhook.postRaw(client, "Body=Oi", signature: nil)
                #expect(unsigned.status == .forbidden)
                let notAMessage = try await Webhook.post(client, [("AccountSid", TestWorld.accountSID)])
                #expect(notAMessage.status == .badRequest)
                let meta = try await client.execute(
                    uri: "/webhooks/meta", method: .post, headers: [.contentType: "application/json"],
                    body: ByteBuffer(string: "{}"))
                #expect(meta.status == .forbidden)
                let scrape = try await client.scrape()
                #expect(scrape[#"tagarela_webhooks_received_total{channel="twilio",outcome="bad_signature"}"#] == 2)
                #expect(scrape[#"tagarela_webhooks_received_total{channel="twilio",outcome="bad_request"}"#] == 1)
                #expect(scrape[#"tagarela_webhooks_received_total{channel="meta",outcome="bad_signature"}"#] == 1)
                #expect(scrape[#"tagarela_webhooks_received_total{channel="twilio",outcome="accepted"}"#] == nil)
            }
        }
    }

    @Test func providerErrorsAreCountedByProviderAndKind() async throws {
        try await TestWorld.with { world in
            await world.openAI.enqueue([.insufficientQuota])
            try await world.withServer(["LLM_PROVIDER": "openai-chat", "LLM_FALLBACK": "gemini"]) { client in
                try await Webhook.post(client, Webhook.text("Oi"))
                _ = try await world.twilio.waitForSent(count: 1)
                let scrape = try await client.scrape(until: #"tagarela_turns_total{status="answered"}"#, is: 1)
                #expect(scrape[#"tagarela_llm_requests_total{provider="openai-chat"}"#] == 1)
                #expect(scrape[#"tagarela_llm_errors_total{provider="openai-chat",kind="quota_exhausted"}"#] == 1)
                #expect(scrape[#"tagarela_llm_requests_total{provider="gemini"}"#] == 1)
                #expect(!scrape.text.contains(#"tagarela_llm_errors_total{provider="gemini""#))
            }
        }
    }

    @Test func metricsPublicIsABooleanSettingOffByDefault() throws {
        let defaults = try Configuration.load(environment: [:])
        #expect(defaults.server.metricsPublic == false)
        #expect(defaults.summary["METRICS_PUBLIC"] == "false")
        #expect(try Configuration.load(environment: ["METRICS_PUBLIC": "yes"]).server.metricsPublic)
        #expect(throws: ConfigurationError.self) { try Configuration.load(environment: ["METRICS_PUBLIC": "maybe"]) }
    }

    @Test func eachApplicationHasItsOwnRegistry() async throws {
        let metrics = ServerMetrics()
        let other = ServerMetrics()
        metrics.turnRecorded(.init(status: .skipped), duration: .milliseconds(30))
        #expect(
            String(decoding: metrics.exposition(), as: UTF8.self).contains(#"tagarela_turns_total{status="skipped"} 1"#)
        )
        #expect(!String(decoding: other.exposition(), as: UTF8.self).contains("tagarela_turns_total"))
    }
}
