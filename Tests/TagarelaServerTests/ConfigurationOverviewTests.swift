import Foundation
import Testing

@testable import TagarelaServer

/// The start-up overview: a line per part, what is off says which setting turns it on, and no secret shows.
@Suite("Configuration: the start-up overview")
struct ConfigurationOverviewTests {
    @Test func aBareStartSaysWhatToSetForEachPart() throws {
        let configuration = try Configuration.load(environment: [:])
        let lines = Dictionary(uniqueKeysWithValues: configuration.overview.map { ($0.part, $0.state) })
        #expect(
            configuration.overview.map(\.part) == [
                "database", "channels", "model", "assistant", "voice", "photos", "knowledge", "dashboard",
            ])
        #expect(lines["database"] == "SQLite at tagarela.sqlite")
        #expect(lines["channels"]?.contains("TWILIO_ACCOUNT_SID") == true)
        #expect(lines["model"]?.contains("OPENAI_BASE_URL") == true)
        #expect(
            lines["dashboard"]
                == "http://0.0.0.0:8080/admin opens once with the one-time link printed when the server is up; "
                + "set ADMIN_PASSWORD to keep it")
        // No channel: nothing to warn about yet.
        #expect(lines["assistant"] == "an unnamed business's assistant")
    }

    @Test func aConfiguredStartNamesWhatRunsAndNoSecret() throws {
        let configuration = try Configuration.load(environment: [
            "DATABASE_URL": "postgres://ana:s3cr3tPW@db.example.com/tagarela",
            "TWILIO_ACCOUNT_SID": "AC" + String(repeating: "a", count: 32), "TWILIO_AUTH_TOKEN": "twilio-secret",
            "TWILIO_WHATSAPP_FROM": "+14155238886", "PUBLIC_URL": "https://bot.example.com",
            "OPENAI_API_KEY": "sk-secret-key", "ADMIN_PASSWORD": "a long admin password",
        ])
        let lines = Dictionary(uniqueKeysWithValues: configuration.overview.map { ($0.part, $0.state) })
        #expect(lines["channels"] == "Twilio (whatsapp:+14155238886)")
        #expect(lines["model"]?.hasPrefix("openai") == true)
        #expect(lines["dashboard"] == "https://bot.example.com/admin")
        #expect(lines["assistant"]?.contains("warning: a live WhatsApp channel should have BUSINESS_NAME") == true)
        #expect(lines["assistant"]?.contains(Configuration.whatsAppTermsURL) == true)
        let text = configuration.overview.map(\.state).joined(separator: "\n")
        for secret in ["s3cr3tPW", "twilio-secret", "sk-secret-key", "a long admin password"] {
            #expect(!text.contains(secret))
        }
    }
}
