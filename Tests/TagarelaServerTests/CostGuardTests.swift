import Foundation
import HummingbirdTesting
import TagarelaCore
import TagarelaFakes
import Testing

@Suite("Cost guards: token budgets and the estimated cost", .timeLimit(.minutes(3)))
struct CostGuardTests {
    @Test func pastItsDailyBudgetAContactGetsOneNoticeAndNoModel() async throws {
        try await TestWorld.with { world in
            // The fake counts about 17 tokens for the first turn: the budget is spent by it.
            try await world.withServer(["CONTACT_DAILY_TOKEN_BUDGET": "10"]) { client in
                try await Webhook.post(client, Webhook.text("Oi", from: "whatsapp:+5511900000001"))
                _ = try await world.twilio.waitForSent(count: 1)
                try await Webhook.post(client, Webhook.text("De novo", from: "whatsapp:+5511900000001"))
                let notice = try await world.twilio.waitForSent(count: 2)
                #expect(notice[1].body?.hasPrefix("Por hoje já conversamos bastante") == true)
                // The notice goes once a day: a third message gets no answer at all.
                try await Webhook.post(client, Webhook.text("Alô?", from: "whatsapp:+5511900000001"))
                try await waitUntil {
                    let queue = try await client.stats()["queue"] as? [String: Any]
                    return queue?["pendingTurns"] as? Int == 0
                }
                // Another contact has a budget of their own.
                try await Webhook.post(client, Webhook.text("Oi", from: "whatsapp:+5511900000002"))
                let sent = try await world.twilio.waitForSent(count: 3)
                #expect(sent[2].to == "whatsapp:+5511900000002" && sent[2].body == "Resposta para: Oi")
                #expect(await world.openAI.requestCount() == 2)
                #expect(await world.twilio.sent().count == 3)
            }
        }
    }

    @Test func pastTheMonthlyBudgetNoModelIsCalled() async throws {
        try await TestWorld.with { world in
            try await world.withServer(["MONTHLY_TOKEN_BUDGET": "10"]) { client in
                try await Webhook.post(client, Webhook.text("Oi", from: "whatsapp:+5511900000001"))
                _ = try await world.twilio.waitForSent(count: 1)
                try await Webhook.post(client, Webhook.text("Oi", from: "whatsapp:+5511900000002"))
                let sent = try await world.twilio.waitForSent(count: 2)
                #expect(sent[1].body?.hasPrefix("Estou em pausa") == true)
                #expect(await world.openAI.requestCount() == 1)
            }
        }
    }

    @Test func statsShowTokensAndTheEstimatedCostByModel() async throws {
        try await TestWorld.with { world in
            try await world.withServer(["LLM_PRICES": "test-model=2.5/10, other=1/1"]) { client in
                try await Webhook.post(client, Webhook.text("Oi"))
                _ = try await world.twilio.waitForSent(count: 1)
                try await waitUntil {
                    let tokens = try await client.stats()["tokens"] as? [String: Any]
                    return (tokens?["byModel"] as? [String: Any])?["test-model"] != nil
                }
                let tokens = try #require(try await client.stats()["tokens"] as? [String: Any])
                let model = try #require((tokens["byModel"] as? [String: Any])?["test-model"] as? [String: Any])
                let input = try #require(model["input"] as? Int)
                let output = try #require(model["output"] as? Int)
                let expected = (Double(input) * 2.5 + Double(output) * 10) / 1_000_000
                #expect(abs((model["estimatedCostUSD"] as? Double ?? -1) - expected) < 1e-12)
                #expect(abs((tokens["estimatedCostUSD"] as? Double ?? -1) - expected) < 1e-12)
            }
        }
    }

    @Test func daysAndMonthsStartAtMidnightInTheBusinessTimeZone() throws {
        let budgets = TokenBudgets(timeZone: try #require(TimeZone(identifier: "America/Sao_Paulo")))
        // 2026-11-22 02:30 UTC is still the 21st in São Paulo (UTC-3).
        let late = Date(timeIntervalSince1970: 1_795_314_600)
        #expect(budgets.dayStart(of: late) == Date(timeIntervalSince1970: 1_795_230_000))
        #expect(budgets.nextDayStart(after: late) == Date(timeIntervalSince1970: 1_795_316_400))
        #expect(budgets.monthStart(of: late) == Date(timeIntervalSince1970: 1_793_502_000))
    }

    @Test func aBudgetInDollarsCountsTheVoiceHeardAndStatsShowIt() async throws {
        try await TestWorld.with { world in
            let mediaURL = await world.twilio.media(
                bytes: Array(try Fixtures.portugueseVoiceNote()), contentType: "audio/ogg")
            await world.openAI.enqueueAudio([.transcript("Quero marcar uma consulta")])
            let settings = [
                "TRANSCRIPTION_PROVIDER": "openai", "TRANSCRIPTION_BASE_URL": world.openAI.baseURL,
                "TRANSCRIPTION_MODEL": "whisper-1", "LLM_MAX_ATTEMPTS": "1",
                // The 6.5 s note costs about $0.11 at a dollar a minute; the text model has no price.
                "LLM_PRICES": "whisper-1=1/min", "CONTACT_DAILY_BUDGET_USD": "0.10",
            ]
            try await world.withServer(settings) { client in
                try await Webhook.post(client, VoiceNoteTests.twilioVoice(mediaURL))
                _ = try await world.twilio.waitForSent(count: 1)
                try await Webhook.post(client, Webhook.text("E então?"))
                let sent = try await world.twilio.waitForSent(count: 2)
                #expect(sent[1].body?.hasPrefix("Por hoje já conversamos bastante") == true)
                #expect(await world.openAI.requestCount() == 1)
                let cost = try #require(try await client.stats()["cost"] as? [String: Double])
                let audio = try #require(cost["audioUSD"])
                #expect(audio > 0.10 && audio < 0.12)
                #expect(cost["totalUSD"] == audio)
            }
        }
    }
}
