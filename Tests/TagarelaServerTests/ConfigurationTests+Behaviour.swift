import Foundation
import Logging
import Testing

@testable import TagarelaServer

extension ConfigurationTests {
    // MARK: Prompt

    @Test func inlineSystemPromptFromDotEnv() throws {
        let configuration = try Configuration.load(
            environment: [:], dotEnvFile: "SYSTEM_PROMPT=\"Você é a Tagarela.\nSeja breve.\"")
        #expect(configuration.memory.systemPrompt == "Você é a Tagarela.\nSeja breve.")
        #expect(configuration.memory.systemPromptFile == nil)
    }

    @Test func systemPromptFile() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("prompt-\(UUID().uuidString).txt").path
        try "\nVocê é a Tagarela.\nSeja breve.\n\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let memory = try Configuration.load(environment: ["SYSTEM_PROMPT_FILE": path]).memory
        #expect(memory.systemPrompt == "Você é a Tagarela.\nSeja breve.")
        #expect(memory.systemPromptFile == path)
    }

    @Test func bothPromptSettingsIsAnError() throws {
        let error = try error(["SYSTEM_PROMPT": "Hi", "SYSTEM_PROMPT_FILE": "/etc/prompt.txt"])
        #expect(error.description == "SYSTEM_PROMPT and SYSTEM_PROMPT_FILE are both set: keep only one")
    }

    @Test func anUnreadablePromptFileIsNamed() throws {
        let error = try error(["SYSTEM_PROMPT_FILE": "/nonexistent/prompt.txt"])
        #expect(error.setting == "SYSTEM_PROMPT_FILE")
        #expect(error.description.hasPrefix(#"SYSTEM_PROMPT_FILE: cannot read "/nonexistent/prompt.txt""#))
    }

    // MARK: Guards

    @Test(
        arguments: [
            ("+5511987654321", "+5511987654321"), ("5511987654321", "+5511987654321"),
            ("whatsapp:+5511987654321", "+5511987654321"), ("WhatsApp:5511987654321", "+5511987654321"),
            ("+55 (11) 98765-4321", "+5511987654321"), ("US.123", "US.123"), ("br.98765", "BR.98765"),
        ])
    func contactNormalisation(raw: String, normalised: String) {
        #expect(GuardSettings.normalizedContact(raw) == normalised)
    }

    @Test(arguments: ["", "alice", "+55", "55119876543210000", "USA.123", "US.", "+55 11 9876a"])
    func notAContact(raw: String) {
        #expect(GuardSettings.normalizedContact(raw) == nil)
    }

    @Test func contactListsAreSplitAndNormalised() throws {
        let guards = try Configuration.load(environment: [
            "ALLOWED_CONTACTS": "whatsapp:+5511987654321, 5521999998888;us.123\tBR.456,,+5511987654321",
            "BLOCKED_CONTACTS": "+5531988887777",
        ]).guards
        #expect(guards.allowedContacts == ["+5511987654321", "+5521999998888", "US.123", "BR.456"])
        #expect(guards.blockedContacts == ["+5531988887777"])
    }

    @Test func aContactInBothListsIsAWarning() throws {
        let configuration = try Configuration.load(environment: [
            "ALLOWED_CONTACTS": "+5511987654321", "BLOCKED_CONTACTS": "5511987654321",
        ])
        #expect(configuration.warnings == ["+5511987654321 in both ALLOWED_CONTACTS and BLOCKED_CONTACTS: blocked"])
    }

    @Test func aBadContactIsNamed() throws {
        let error = try error(["ALLOWED_CONTACTS": "+5511987654321 alice"])
        #expect(error.description.hasPrefix(#"ALLOWED_CONTACTS: "alice" is not a phone number"#))
    }

    @Test func guardSettings() throws {
        let guards = try Configuration.load(environment: [
            "RATE_LIMIT_MESSAGES": "0", "RATE_LIMIT_WINDOW_SECONDS": "30", "MAX_INBOUND_CHARS": "500",
            "OPT_OUT_KEYWORDS": " parar , Descadastrar,,PARAR TUDO, parar ",
        ]).guards
        #expect(!guards.rateLimitEnabled && guards.rateLimitWindow == .seconds(30))
        #expect(guards.maxInboundCharacters == 500)
        #expect(guards.optOutKeywords == ["parar", "Descadastrar", "PARAR TUDO"])
    }

    @Test func queueSettings() throws {
        let queue = try Configuration.load(environment: [
            "DEBOUNCE_MS": "0", "DEBOUNCE_MAX_WAIT_MS": "0", "MAX_CONCURRENT_TURNS": "4", "TURN_LEASE_SECONDS": "5",
            "OUTBOX_MAX_ATTEMPTS": "2", "OUTBOX_CONCURRENCY": "3", "HTTP_MAX_CONNECTIONS_PER_HOST": "8",
        ]).queue
        #expect(queue.debounce == .zero && queue.debounceMaxWait == .zero)
        #expect(queue.maxConcurrentTurns == 4 && queue.turnLease == .seconds(5))
        #expect(queue.outboxMaxAttempts == 2 && queue.outboxConcurrency == 3 && queue.httpMaxConnectionsPerHost == 8)
    }

    // MARK: Texts

    @Test(arguments: [("pt-BR", BotLanguage.portuguese), ("pt_br", .portuguese), ("en", .english), ("EN-us", .english)])
    func botLanguage(code: String, language: BotLanguage) throws {
        let texts = try Configuration.load(environment: ["BOT_LANGUAGE": code]).texts
        #expect(texts == CannedTexts.defaults(for: language))
    }

    @Test func unsupportedNamesTheKindInTheBotsLanguage() throws {
        let portuguese = CannedTexts.defaults(for: .portuguese)
        #expect(portuguese.unsupported(kind: "audio").contains("do tipo áudio"))
        #expect(portuguese.unsupported(kind: "sticker").contains("figurinha"))
        #expect(portuguese.unsupported(kind: "location").contains("localização"))
        #expect(portuguese.unsupported(kind: "pool").contains("do tipo desconhecido"))
        #expect(portuguese.unsupported(kind: "order").contains("do tipo pedido"))
        #expect(CannedTexts.defaults(for: .english).unsupported(kind: "image").contains("image messages"))
        #expect(portuguese.unsupported(kind: "poll").contains("do tipo enquete"))
        #expect(!portuguese.unsupported(kind: "video").contains("{kind}"))
    }

    @Test func textsCanBeOverriddenOneByOne() throws {
        let texts = try Configuration.load(environment: [
            "BOT_LANGUAGE": "en", "TEXT_FALLBACK": "Oops.", "TEXT_UNSUPPORTED": "No {kind}, please.",
            "TEXT_RATE_LIMITED": "Slow down.", "TEXT_TOO_LONG": "Too long.", "TEXT_HUMAN_HANDOFF": "A human is coming.",
        ]).texts
        #expect(texts.fallback == "Oops." && texts.rateLimited == "Slow down." && texts.tooLong == "Too long.")
        #expect(texts.humanHandoff == "A human is coming.")
        #expect(texts.unsupported(kind: "sticker") == "No sticker, please.")
        #expect(texts.language == .english)
    }

    // MARK: Summary

    @Test func theSummaryMasksEverySecret() throws {
        var environment = Self.twilio
        let secrets = [
            "TWILIO_AUTH_TOKEN": "ffeeddccbbaa99887766554433221100", "TWILIO_WEBHOOK_SIGNING_KEY": "signing-key-value",
            "OPENAI_API_KEY": "sk-proj-abcdefghijklmnopqrstuvwxyz", "ADMIN_TOKEN": "admin-token-0123456789",
        ]
        environment.merge(secrets) { _, new in new }
        let configuration = try Configuration.load(environment: environment)
        let summary = configuration.summary
        #expect(summary["OPENAI_API_KEY"] == "sk-…(34 chars)")
        #expect(summary["TWILIO_AUTH_TOKEN"] == "ffe…(32 chars)")
        #expect(summary["PORT"] == "8080" && summary["DEBOUNCE_MS"] == "1500" && summary["LLM_TIMEOUT_SECONDS"] == "60")
        let everything = configuration.redactedDescription() + summary.values.joined(separator: " ")
        for secret in secrets.values {
            #expect(!everything.contains(secret.dropFirst(3).prefix(4)))
        }
    }

    @Test func theSummaryNamesEveryVariable() throws {
        let summary = try Configuration.load(environment: [:]).summary
        for name in [
            "PORT", "DATABASE_URL", "SQLITE_SYNCHRONOUS", "TWILIO_AUTH_TOKEN", "OPENAI_API_KEY", "TEXT_FALLBACK",
        ] {
            #expect(summary[name] != nil, "\(name) missing")
        }
        #expect(summary["ADMIN_TOKEN"] == "(not set)")
        #expect(summary["DATABASE_URL"] == "sqlite://tagarela.sqlite")
    }
}
