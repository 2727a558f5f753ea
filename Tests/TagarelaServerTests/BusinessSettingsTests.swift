import Foundation
import Testing

@testable import TagarelaServer

/// The default prompt is a business's assistant: `BUSINESS_NAME` and `BUSINESS_DESCRIPTION` fill it, and a live
/// channel without them (or a prompt of the operator's own) is warned about, never refused.
@Suite("Configuration: the business the assistant serves")
struct BusinessSettingsTests {
    static let twilio = [
        "TWILIO_ACCOUNT_SID": "AC" + String(repeating: "a", count: 32), "TWILIO_AUTH_TOKEN": "twilio-secret",
        "OPENAI_API_KEY": "sk-secret-key",
    ]

    @Test func theNameAndDescriptionFillTheDefaultPromptAndSilenceTheWarning() throws {
        var environment = Self.twilio
        environment["BUSINESS_NAME"] = "Padaria Pão Quente"
        environment["BUSINESS_DESCRIPTION"] = "Padaria de bairro em Campinas: pães, bolos e encomendas para festas."
        let configuration = try Configuration.load(environment: environment)
        let prompt = configuration.memory.systemPrompt
        #expect(prompt.hasPrefix("Você é o assistente virtual de Padaria Pão Quente"))
        #expect(prompt.contains("Sobre Padaria Pão Quente: Padaria de bairro em Campinas"))
        #expect(prompt.contains("só pode ajudar com o atendimento de Padaria Pão Quente"))
        #expect(configuration.businessWarning == nil)
        let lines = Dictionary(uniqueKeysWithValues: configuration.overview.map { ($0.part, $0.state) })
        #expect(lines["assistant"] == "Padaria Pão Quente's assistant")
        #expect(configuration.summary["BUSINESS_NAME"] == "Padaria Pão Quente")
        #expect(configuration.summary["SYSTEM_PROMPT"]?.hasPrefix("(default") == true)
    }

    @Test func withoutThemALiveChannelIsWarnedAndTheDefaultPromptStaysABusinesssAssistant() throws {
        let configuration = try Configuration.load(environment: Self.twilio)
        let warning = try #require(configuration.businessWarning)
        #expect(warning.contains("BUSINESS_NAME and BUSINESS_DESCRIPTION"))
        #expect(configuration.memory.systemPrompt.contains("assistente virtual de uma empresa"))
        #expect(!configuration.memory.systemPrompt.contains("{"))
        // A name alone says whose, not what it helps with.
        var named = Self.twilio
        named["BUSINESS_NAME"] = "Padaria Pão Quente"
        #expect(try Configuration.load(environment: named).businessWarning != nil)
        // A prompt of the operator's own is their instructions: no warning.
        var custom = Self.twilio
        custom["SYSTEM_PROMPT"] = "Você atende os clientes da Oficina do Zé."
        #expect(try Configuration.load(environment: custom).businessWarning == nil)
    }
}

extension BusinessSettingsTests {
    @Test func doctorWarnsWithoutFailing() async throws {
        func line(_ environment: [String: String]) async throws -> DoctorLine {
            let configuration = try Configuration.load(environment: environment)
            let check = try #require(
                Doctor(for: configuration, environment: [:]).checks.first { $0.name == "business" })
            return await Doctor.run(check, DoctorContext(http: DoctorHTTP(), timeout: .seconds(5)))
        }
        let warned = try await line(Self.twilio)
        #expect(warned.outcome.mark == "⚠" && !warned.outcome.isFailure)
        #expect(warned.description.hasPrefix("⚠ business: a live WhatsApp channel should have BUSINESS_NAME"))
        var described = Self.twilio
        described["BUSINESS_NAME"] = "Padaria Pão Quente"
        described["BUSINESS_DESCRIPTION"] = "Pães e encomendas."
        #expect(try await line(described).description == "✓ business: Padaria Pão Quente's assistant")
        #expect(try await line([:]).outcome.mark == "–")
    }
}
