import Foundation
import TagarelaCore
import TagarelaFakes
import Testing

@Suite("Alerts to the team: handoffs and failing turns reach ALERT_WEBHOOK_URL", .timeLimit(.minutes(3)))
struct AlertTests {
    @Test func aHandoffIsPostedWithAMaskedNumberAndADashboardLink() async throws {
        let receiver = try await FakeAlertReceiver.start()
        defer { Task { await receiver.stop() } }
        try await TestWorld.with { world in
            await world.gemini.enqueue([.functionCalls([("handoff_to_human", ["reason": "quer um atendente"])])])
            try await world.withServer(["LLM_PROVIDER": "gemini", "ALERT_WEBHOOK_URL": receiver.url]) { client in
                try await Webhook.post(client, Webhook.text("Quero falar com um atendente"))
                _ = try await world.twilio.waitForSent(count: 1)
                try await waitUntil { await !receiver.received().isEmpty }
                let alert = try #require(await receiver.received().first)
                #expect(alert["event"] as? String == "handoff")
                #expect(alert["contactID"] as? Int == 1)
                #expect(alert["detail"] as? String == "quer um atendente")
                #expect(alert["link"] as? String == "\(TestWorld.publicURL)/admin/conversations/1")
                let text = try #require(alert["text"] as? String)
                #expect(text.contains("Ana") && text.contains("quer um atendente"))
                #expect(!text.contains("987654321"))
            }
        }
    }

    @Test func turnsThatKeepFailingRaiseOneAlertPerRun() async throws {
        let receiver = try await FakeAlertReceiver.start()
        defer { Task { await receiver.stop() } }
        try await TestWorld.with { world in
            let denied = FakeGemini.Reply.error(status: 403, rpcStatus: "PERMISSION_DENIED", message: "denied")
            await world.gemini.enqueue([denied, denied, denied])
            // One turn at a time, each raising its alerts before the next starts: the handoff's alert, raised by
            // the fourth turn, comes after whatever the third one raised.
            await world.gemini.enqueue([.functionCalls([("handoff_to_human", ["reason": "pediu"])])])
            let settings = [
                "LLM_PROVIDER": "gemini", "ALERT_WEBHOOK_URL": receiver.url, "FAILED_TURNS_ALERT": "2",
                "MAX_CONCURRENT_TURNS": "1",
            ]
            try await world.withServer(settings) { client in
                for index in 1...3 {
                    try await Webhook.post(client, Webhook.text("Oi \(index)"))
                    let sent = try await world.twilio.waitForSent(count: index)
                    #expect(sent.last?.body?.hasPrefix("Ops") == true)
                }
                try await Webhook.post(client, Webhook.text("Quero um atendente"))
                try await waitUntil { await receiver.received().contains { $0["event"] as? String == "handoff" } }
                // The third failure continued the same run: no second failing-turns alert.
                let alerts = await receiver.received()
                #expect(alerts.map { $0["event"] as? String } == ["failing_turns", "handoff"])
                #expect((alerts.first?["text"] as? String)?.contains("last 2 answers") == true)
            }
        }
    }

    @Test func aBrokenWebhookNeverHoldsUpTheReply() async throws {
        let receiver = try await FakeAlertReceiver.start()
        defer { Task { await receiver.stop() } }
        await receiver.answer(500)
        try await TestWorld.with { world in
            await world.gemini.enqueue([.functionCalls([("handoff_to_human", ["reason": "urgente"])])])
            try await world.withServer(["LLM_PROVIDER": "gemini", "ALERT_WEBHOOK_URL": receiver.url]) { client in
                try await Webhook.post(client, Webhook.text("Socorro"))
                let sent = try await world.twilio.waitForSent(count: 1)
                #expect(sent[0].body?.hasPrefix("Combinado!") == true)
                try await waitUntil { await receiver.received().count == 1 }
            }
        }
    }

    @Test func aNameOrReasonCannotPingDrawALinkOrForgeALine() async throws {
        let receiver = try await FakeAlertReceiver.start()
        defer { Task { await receiver.stop() } }
        let capture = LogCapture()
        try await TestWorld.with { world in
            await world.gemini.enqueue([
                .functionCalls([("handoff_to_human", ["reason": "veja <http://x|y> & <@U123>\nlinha falsa"])])
            ])
            try await world.withServer(
                ["LLM_PROVIDER": "gemini", "ALERT_WEBHOOK_URL": receiver.url], logger: capture.logger()
            ) { client in
                let webhook = Webhook.text("Quero falar com um atendente").map { field in
                    field.0 == "ProfileName" ? ("ProfileName", "Ana <!channel>\nfake log line") : field
                }
                try await Webhook.post(client, webhook)
                _ = try await world.twilio.waitForSent(count: 1)
                try await waitUntil { await !receiver.received().isEmpty }
                let alert = try #require(await receiver.received().first)
                let text = try #require(alert["text"] as? String)
                #expect(text.contains("Ana &lt;!channel&gt; fake log line"), "\(text)")
                #expect(text.contains("veja &lt;http://x|y&gt; &amp; &lt;@U123&gt; linha falsa"), "\(text)")
                for forbidden in ["<", ">", "\n", "\r"] { #expect(!text.contains(forbidden), "\(text)") }
                #expect(alert["detail"] as? String == "veja <http://x|y> & <@U123> linha falsa")
                #expect((alert["contact"] as? String)?.contains("\n") == false)
            }
        }
        let logged = try #require(capture.lines.first { $0.message == "alert" })
        #expect(logged.metadata["text"]?.contains("&lt;!channel&gt; fake log line") == true)
        #expect(!logged.everything.contains("\n"), "\(logged.everything)")
    }
}
