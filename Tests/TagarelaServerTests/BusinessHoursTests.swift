import Foundation
import TagarelaCore
import TagarelaFakes
import TagarelaServer
import Testing

@Suite("Business hours on a running server", .timeLimit(.minutes(3)))
struct BusinessHoursServerTests {
    /// Hours that are closed now and open tomorrow morning in São Paulo.
    static var closedTodayOpenTomorrow: String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "America/Sao_Paulo")!
        let tomorrow = calendar.component(.weekday, from: Date().addingTimeInterval(86_400))
        return ["sun", "mon", "tue", "wed", "thu", "fri", "sat"][tomorrow - 1] + " 09:00-10:00"
    }

    @Test func outsideHoursTheContactHearsWhenAPersonIsBackOnce() async throws {
        try await TestWorld.with { world in
            try await world.withServer(["BUSINESS_HOURS": Self.closedTodayOpenTomorrow]) { client in
                try await Webhook.post(client, Webhook.text("Oi, vocês estão abertos?"))
                let sent = try await world.twilio.waitForSent(count: 1)
                #expect(sent[0].body?.contains("fora do horário de atendimento") == true)
                #expect(sent[0].body?.hasSuffix("voltamos amanhã às 09:00.") == true)
                try await Webhook.post(client, Webhook.text("Alô?"))
                try await waitUntil {
                    let turns = try await client.stats()["turns"] as? [String: Any]
                    return turns?["total"] as? Int == 2
                }
                try await client.settled()
                #expect(await world.twilio.sent().count == 1)
                #expect(await world.openAI.requests().isEmpty)
            }
        }
    }

    @Test func withOutsideHoursBotTheModelAnswersKnowingTheTeamIsAway() async throws {
        try await TestWorld.with { world in
            try await world.withServer(["BUSINESS_HOURS": Self.closedTodayOpenTomorrow, "OUTSIDE_HOURS": "bot"]) {
                client in
                try await Webhook.post(client, Webhook.text("Quero falar com alguém"))
                _ = try await world.twilio.waitForSent(count: 1)
                let request = try #require(await world.openAI.requests().last)
                let instructions = try #require(request.messages.first { $0.role == "system" }?.content)
                #expect(instructions.contains("The human team is away now, back"))
                #expect(instructions.contains("09:00 (America/Sao_Paulo)"))
            }
        }
    }

    @Test func duringBusinessHoursNothingChanges() async throws {
        try await TestWorld.with { world in
            try await world.withServer(["BUSINESS_HOURS": "sun-sat 00:00-24:00"]) { client in
                try await Webhook.post(client, Webhook.text("Oi"))
                _ = try await world.twilio.waitForSent(count: 1)
                let request = try #require(await world.openAI.requests().last)
                #expect(request.messages.first?.content == "Você é o assistente de testes.")
            }
        }
    }

    @Test func unreadableHoursStopStartUpWithTheReason() throws {
        #expect {
            try Configuration.load(environment: ["BUSINESS_HOURS": "segunda 9h às 18h"])
        } throws: { error in
            "\(error)".contains("BUSINESS_HOURS") && "\(error)".contains("mon-fri 09:00-18:00")
        }
    }
}
