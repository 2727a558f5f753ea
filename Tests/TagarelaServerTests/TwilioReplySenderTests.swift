import Foundation
import TagarelaFakes
import Testing

@testable import TagarelaServer

/// Replies leave from the number the contact wrote to (Twilio's `To`), with or without a configured sender, so
/// one account answers on each of its WhatsApp numbers.
@Suite("Twilio replies from the number written to", .timeLimit(.minutes(3)))
struct TwilioReplySenderTests {
    static let secondNumber = "whatsapp:+5511955554444"

    /// A text to `to`, one of our numbers.
    static func text(_ body: String, from: String, to: String) -> [(String, String)] {
        Webhook.text(body, from: from).map { $0.0 == "To" ? ("To", to) : $0 }
    }

    @Test func withoutAConfiguredSenderEachNumberAnswersItsOwnContacts() async throws {
        try await TestWorld.with { world in
            await world.openAI.setResponder { _ in .text("Olá!") }
            try await world.withServer(["TWILIO_WHATSAPP_FROM": ""]) { client in
                try await Webhook.post(
                    client, Self.text("Oi", from: "whatsapp:+5511987650001", to: TestWorld.botNumber))
                _ = try await world.twilio.waitForSent(count: 1)
                try await Webhook.post(client, Self.text("Oi", from: "whatsapp:+5511987650002", to: Self.secondNumber))
                let sent = try await world.twilio.waitForSent(count: 2)
                let fromByContact = Dictionary(uniqueKeysWithValues: sent.map { ($0.to, $0.from) })
                #expect(fromByContact["whatsapp:+5511987650001"] == TestWorld.botNumber)
                #expect(fromByContact["whatsapp:+5511987650002"] == Self.secondNumber)
                #expect(sent.allSatisfy { $0.messagingServiceSID == nil })
            }
        }
    }

    @Test func theNumberWrittenToWinsOverTheConfiguredSender() async throws {
        try await TestWorld.with { world in
            await world.openAI.setResponder { _ in .text("Olá!") }
            try await world.withServer { client in
                try await Webhook.post(client, Self.text("Oi", from: "whatsapp:+5511987650003", to: Self.secondNumber))
                let sent = try await world.twilio.waitForSent(count: 1)
                #expect(sent[0].from == Self.secondNumber)
            }
        }
    }
}
