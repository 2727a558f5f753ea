import Foundation
import Logging
import TagarelaPostgres
import Testing

@testable import TagarelaServer

@Suite("Configuration")
struct ConfigurationTests {
    static let sid = "AC0123456789abcdef0123456789abcdef"
    static let serviceSID = "MG0123456789abcdef0123456789abcdef"
    static let twilio = [
        "TWILIO_ACCOUNT_SID": sid, "TWILIO_AUTH_TOKEN": "0123456789abcdef0123456789abcdef",
        "TWILIO_WHATSAPP_FROM": "whatsapp:+14155238886", "PUBLIC_URL": "https://bot.example.com",
    ]

    /// The error `environment` produces; fails the test when it loads.
    func error(_ environment: [String: String], dotEnv: String? = nil) throws -> ConfigurationError {
        try #require(throws: ConfigurationError.self) {
            try Configuration.load(environment: environment, dotEnvFile: dotEnv)
        }
    }

    // MARK: Defaults, sources and aliases

    @Test func defaultsWithAnEmptyEnvironment() throws {
        let configuration = try Configuration.load(environment: [:])
        #expect(configuration.server.port == 8080)
        #expect(configuration.server.host == "0.0.0.0")
        #expect(configuration.server.publicURL == nil)
        #expect(configuration.server.instanceID.hasSuffix("-\(ProcessInfo.processInfo.processIdentifier)"))
        #expect(configuration.server.logLevel == .info)
        #expect(configuration.server.logFormat == .text)
        #expect(configuration.server.adminToken == nil)
        #expect(configuration.database == .sqlite(path: "tagarela.sqlite", synchronous: .normal))
        #expect(configuration.twilio == nil)
        #expect(configuration.openAI == nil)
        #expect(configuration.memory.systemPrompt == MemorySettings.defaultSystemPrompt)
        #expect(configuration.memory.maxTokens == 3000 && configuration.memory.maxMessages == 40)
        let queue = configuration.queue
        #expect(queue.debounce == .milliseconds(1500) && queue.debounceMaxWait == .milliseconds(6000))
        #expect(queue.maxConcurrentTurns == 16 && queue.turnLease == .seconds(60))
        #expect(queue.outboxMaxAttempts == 6 && queue.outboxConcurrency == 16 && queue.httpMaxConnectionsPerHost == 16)
        let guards = configuration.guards
        #expect(guards.rateLimitMessages == 20 && guards.rateLimitWindow == .seconds(60) && guards.rateLimitEnabled)
        #expect(guards.maxInboundCharacters == 4000)
        #expect(guards.allowedContacts.isEmpty && guards.blockedContacts.isEmpty)
        #expect(guards.optOutKeywords == ["STOP", "SAIR"])
        #expect(configuration.texts == CannedTexts.defaults(for: .portuguese))
        #expect(configuration.warnings.isEmpty)
    }

    @Test func processEnvironmentBeatsDotEnv() throws {
        let configuration = try Configuration.load(
            environment: ["PORT": "9000", "HOST": ""],
            dotEnvFile: "PORT=7000\nHOST=127.0.0.1\nLOG_FORMAT=json")
        #expect(configuration.server.port == 9000)
        // An empty variable counts as unset, so it does not hide the .env value.
        #expect(configuration.server.host == "127.0.0.1")
        #expect(configuration.server.logFormat == .json)
    }

    @Test func emptyValuesCountAsUnset() throws {
        let configuration = try Configuration.load(environment: ["PORT": "", "LOG_LEVEL": "  ", "DATABASE_URL": ""])
        #expect(configuration.server.port == 8080)
        #expect(configuration.server.logLevel == .info)
        #expect(configuration.database == .sqlite(path: "tagarela.sqlite", synchronous: .normal))
    }

    @Test func aDotEnvSyntaxErrorNamesItsLine() throws {
        #expect(try error([:], dotEnv: "PORT=1\noops").line == 2)
    }

    @Test(arguments: ["1", "true", "YES", "on"])
    func debugMeansDebugLogging(value: String) throws {
        #expect(try Configuration.load(environment: ["DEBUG": value]).server.logLevel == .debug)
    }

    @Test func logLevelWinsOverDebug() throws {
        let configuration = try Configuration.load(environment: ["DEBUG": "1", "LOG_LEVEL": "WARNING"])
        #expect(configuration.server.logLevel == .warning)
        #expect(try Configuration.load(environment: ["DEBUG": "false"]).server.logLevel == .info)
    }

    @Test func serverSettings() throws {
        let configuration = try Configuration.load(environment: [
            "PORT": "3000", "HOST": "127.0.0.1", "PUBLIC_URL": "https://bot.example.com/tagarela//",
            "INSTANCE_ID": "worker-1", "ADMIN_TOKEN": "0123456789abcdef0123",
        ])
        #expect(configuration.server.port == 3000 && configuration.server.host == "127.0.0.1")
        #expect(configuration.server.publicURL?.absoluteString == "https://bot.example.com/tagarela")
        #expect(configuration.server.instanceID == "worker-1")
        #expect(configuration.server.adminToken == "0123456789abcdef0123")
        #expect(configuration.warnings.isEmpty)
    }

    @Test func aShortAdminTokenIsAWarning() throws {
        let configuration = try Configuration.load(environment: ["ADMIN_TOKEN": "secret"])
        #expect(configuration.server.adminToken == "secret")
        #expect(configuration.warnings.count == 1)
        #expect(configuration.warnings.first?.hasPrefix("ADMIN_TOKEN is shorter than 16 characters") == true)
    }

    // MARK: Invalid values

    @Test(
        "each invalid value is one line naming its variable",
        arguments: [
            ("PORT", "80a"), ("PORT", "0"), ("PORT", "65536"), ("LOG_LEVEL", "verbose"), ("LOG_FORMAT", "xml"),
            ("DEBUG", "maybe"), ("PUBLIC_URL", "bot.example.com"), ("PUBLIC_URL", "ftp://bot.example.com"),
            ("PUBLIC_URL", "https://bot.example.com/?a=1"), ("DATABASE_URL", "mysql://db/x"),
            ("DATABASE_URL", "sqlite://"), ("DATABASE_URL", "tagarela.sqlite"), ("SQLITE_SYNCHRONOUS", "off"),
            ("DEBOUNCE_MS", "-1"), ("DEBOUNCE_MAX_WAIT_MS", "soon"), ("MAX_CONCURRENT_TURNS", "0"),
            ("TURN_LEASE_SECONDS", "4"), ("OUTBOX_MAX_ATTEMPTS", "0"), ("OUTBOX_CONCURRENCY", "1.5"),
            ("HTTP_MAX_CONNECTIONS_PER_HOST", "x"), ("RATE_LIMIT_MESSAGES", "-1"), ("RATE_LIMIT_WINDOW_SECONDS", "0"),
            ("MAX_INBOUND_CHARS", "0"), ("MEMORY_MAX_TOKENS", "0"), ("MEMORY_MAX_MESSAGES", "many"),
            ("OPENAI_BASE_URL", "localhost:11434"), ("LLM_TIMEOUT_SECONDS", "0"), ("LLM_MAX_ATTEMPTS", "0"),
            ("LLM_MAX_OUTPUT_TOKENS", "lots"), ("LLM_TEMPERATURE", "2.5"), ("LLM_TEMPERATURE", "-0.1"),
            ("BOT_LANGUAGE", "fr"), ("ALLOWED_CONTACTS", "+5511987654321,alice"), ("BLOCKED_CONTACTS", "123"),
            ("TWILIO_STATUS_CALLBACKS", "sometimes"),
        ])
    func invalidValue(name: String, value: String) throws {
        var environment = [name: value]
        if name.hasPrefix("TWILIO_") { environment.merge(Self.twilio) { old, _ in old } }
        let error = try error(environment)
        #expect(error.setting == name)
        #expect(error.description.hasPrefix(name))
        #expect(!error.description.contains("\n"))
    }

    @Test func portErrorReadsWell() throws {
        #expect(try error(["PORT": "80a"]).description == #"PORT must be a whole number from 1 to 65535 (got "80a")"#)
        #expect(try error(["LOG_FORMAT": "xml"]).description == #"LOG_FORMAT must be text or json (got "xml")"#)
        #expect(
            try error(["MAX_INBOUND_CHARS": "0"]).description
                == #"MAX_INBOUND_CHARS must be a whole number of at least 1 (got "0")"#)
        #expect(
            try error(["LLM_TEMPERATURE": "3"]).description
                == #"LLM_TEMPERATURE must be a number from 0 to 2 (got "3")"#)
    }

    @Test func maxWaitMayNotBeShorterThanTheDebounce() throws {
        let message = try error(["DEBOUNCE_MS": "2000", "DEBOUNCE_MAX_WAIT_MS": "1000"]).description
        #expect(message == #"DEBOUNCE_MAX_WAIT_MS must be at least DEBOUNCE_MS (2000) (got "1000")"#)
        // Unset, the maximum wait grows with a long debounce rather than failing.
        let queue = try Configuration.load(environment: ["DEBOUNCE_MS": "10000"]).queue
        #expect(queue.debounceMaxWait == .milliseconds(10000))
    }

    // MARK: Database

    @Test(
        arguments: [
            ("sqlite://tagarela.sqlite", "tagarela.sqlite"), ("sqlite://data/t.sqlite", "data/t.sqlite"),
            ("sqlite:///var/lib/t.sqlite", "/var/lib/t.sqlite"), ("sqlite:t.sqlite", "t.sqlite"),
            ("sqlite:/abs/t.sqlite", "/abs/t.sqlite"), ("sqlite::memory:", ":memory:"), ("SQLITE://x.db", "x.db"),
            ("sqlite://my%20data.db", "my data.db"),
        ])
    func databaseURLForms(url: String, path: String) throws {
        let configuration = try Configuration.load(environment: ["DATABASE_URL": url, "SQLITE_SYNCHRONOUS": "FULL"])
        #expect(configuration.database == .sqlite(path: path, synchronous: .full))
    }

    @Test func postgresURLSelectsThePostgresStoreWithPoolSettings() throws {
        let configuration = try Configuration.load(environment: [
            "DATABASE_URL": "postgres://bot:s%40cret@db.example.com:6543/tagarela?sslmode=require",
            "DATABASE_POOL_SIZE": "7", "DATABASE_CONNECT_TIMEOUT_SECONDS": "3",
        ])
        guard case .postgres(let settings) = configuration.database else {
            Issue.record("not PostgreSQL: \(configuration.database)")
            return
        }
        #expect(settings.host == "db.example.com")
        #expect(settings.port == 6543)
        #expect(settings.password == "s@cret")
        #expect(settings.database == "tagarela")
        #expect(settings.tlsMode == .require)
        #expect(settings.maximumConnections == 7)
        #expect(settings.connectTimeout == .seconds(3))
        #expect(!configuration.summary.values.contains { $0.contains("s@cret") || $0.contains("s%40cret") })
    }

    @Test func olderScriptsPostgresVariablesWork() throws {
        let configuration = try Configuration.load(environment: [
            "POSTGRES_DB_HOST": "neon.example.com", "POSTGRES_DB_NAME": "bot", "POSTGRES_DB_USER": "u",
            "POSTGRES_DB_PASSWORD": "p",
        ])
        guard case .postgres(let settings) = configuration.database else {
            Issue.record("not PostgreSQL")
            return
        }
        #expect(settings.host == "neon.example.com")
        #expect(settings.port == 5432)
    }

    @Test func badPostgresURLNamesTheSettingWithoutThePassword() throws {
        let message = try error(["DATABASE_URL": "postgres://u:hunter2@db/x?sslmode=sometimes"]).description
        #expect(message.hasPrefix("DATABASE_URL"))
        #expect(!message.contains("hunter2"))
    }

    @Test func anUnknownDatabaseURLDoesNotEchoItsPassword() throws {
        let message = try error(["DATABASE_URL": "mysql://admin:hunter2@db/x"]).description
        #expect(message.hasPrefix("DATABASE_URL must be sqlite://PATH"))
        #expect(!message.contains("hunter2"))
    }

    // MARK: Twilio

    @Test func twilioFullyConfigured() throws {
        let twilio = try #require(try Configuration.load(environment: Self.twilio).twilio)
        #expect(twilio.accountSID == Self.sid)
        #expect(twilio.authToken == "0123456789abcdef0123456789abcdef")
        #expect(twilio.from == "whatsapp:+14155238886")
        #expect(twilio.messagingServiceSID == nil && twilio.webhookSigningKey == nil)
        #expect(twilio.apiBaseURL.absoluteString == "https://api.twilio.com")
        #expect(twilio.statusCallbacks)
    }

    @Test func twilioOptionalSettings() throws {
        var environment = Self.twilio
        environment["TWILIO_MESSAGING_SERVICE_SID"] = Self.serviceSID
        environment["TWILIO_API_BASE_URL"] = "http://127.0.0.1:9999/"
        environment["TWILIO_WEBHOOK_SIGNING_KEY"] = "shared-key"
        environment["TWILIO_STATUS_CALLBACKS"] = "no"
        let twilio = try #require(try Configuration.load(environment: environment).twilio)
        #expect(twilio.messagingServiceSID == Self.serviceSID)
        #expect(twilio.apiBaseURL.absoluteString == "http://127.0.0.1:9999")
        #expect(twilio.webhookSigningKey == "shared-key")
        #expect(!twilio.statusCallbacks)
    }

    @Test(
        "TWILIO_PHONE_NUMBER is an alias that gets the whatsapp: prefix",
        arguments: ["+14155238886", "whatsapp:+14155238886", "WhatsApp:+1 (415) 523-8886", " +1-415-523-8886 "])
    func phoneNumberAlias(number: String) throws {
        var environment = Self.twilio
        environment["TWILIO_WHATSAPP_FROM"] = nil
        environment["TWILIO_PHONE_NUMBER"] = number
        #expect(try Configuration.load(environment: environment).twilio?.from == "whatsapp:+14155238886")
    }

    @Test func whatsAppFromWinsOverTheAlias() throws {
        var environment = Self.twilio
        environment["TWILIO_PHONE_NUMBER"] = "+5511987654321"
        let configuration = try Configuration.load(environment: environment)
        #expect(configuration.twilio?.from == "whatsapp:+14155238886")
        #expect(configuration.warnings == ["TWILIO_PHONE_NUMBER is ignored: TWILIO_WHATSAPP_FROM is set and wins"])
    }

    @Test func aMessagingServiceReplacesTheSender() throws {
        var environment = Self.twilio
        environment["TWILIO_WHATSAPP_FROM"] = nil
        environment["TWILIO_MESSAGING_SERVICE_SID"] = Self.serviceSID
        let twilio = try #require(try Configuration.load(environment: environment).twilio)
        #expect(twilio.from == nil && twilio.messagingServiceSID == Self.serviceSID)
    }

    @Test func twilioPartlyConfigured() throws {
        #expect(
            try error(["TWILIO_ACCOUNT_SID": Self.sid]).description
                == "Twilio is partly configured: set TWILIO_AUTH_TOKEN and TWILIO_WHATSAPP_FROM too "
                + "(or remove TWILIO_ACCOUNT_SID)")
        let onlyCallbacks = try error(["TWILIO_STATUS_CALLBACKS": "false"])
        #expect(
            onlyCallbacks.description
                == "Twilio is partly configured: set TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_WHATSAPP_FROM "
                + "too (or remove TWILIO_STATUS_CALLBACKS)")
        #expect(onlyCallbacks.setting == "TWILIO_ACCOUNT_SID")
    }

    @Test func twilioNeedsThePublicURL() throws {
        var environment = Self.twilio
        environment["PUBLIC_URL"] = nil
        let error = try error(environment)
        #expect(error.setting == "PUBLIC_URL")
        #expect(error.description.hasPrefix("PUBLIC_URL is required when Twilio is configured: "))
    }

    @Test(
        arguments: [
            ("TWILIO_ACCOUNT_SID", "AC123"), ("TWILIO_ACCOUNT_SID", "XX0123456789abcdef0123456789abcdef"),
            ("TWILIO_ACCOUNT_SID", "AC0123456789abcdef0123456789abcdeg"), ("TWILIO_WHATSAPP_FROM", "+123"),
            ("TWILIO_WHATSAPP_FROM", "whatsapp:14155238886"), ("TWILIO_WHATSAPP_FROM", "sms:+14155238886"),
            ("TWILIO_MESSAGING_SERVICE_SID", "MG123"), ("TWILIO_API_BASE_URL", "api.twilio.com"),
        ])
    func invalidTwilioValue(name: String, value: String) throws {
        var environment = Self.twilio
        environment[name] = value
        let error = try error(environment)
        #expect(error.setting == name)
        #expect(error.description.hasPrefix("\(name) must be "))
    }

    // MARK: OpenAI-compatible model

    @Test func anAPIKeyTurnsOpenAIOn() throws {
        let openAI = try #require(try Configuration.load(environment: ["OPENAI_API_KEY": "sk-test"]).openAI)
        #expect(openAI.apiKey == "sk-test")
        #expect(openAI.baseURL.absoluteString == "https://api.openai.com/v1" && openAI.baseURLIsOpenAI)
        #expect(openAI.model == "gpt-4o-mini" && openAI.assistantID == nil)
        #expect(openAI.timeout == .seconds(60) && openAI.maxAttempts == 3)
        #expect(openAI.maxOutputTokens == nil && openAI.temperature == nil)
    }

    @Test func aLocalServerNeedsNoKey() throws {
        let configuration = try Configuration.load(environment: [
            "OPENAI_BASE_URL": "http://localhost:11434/v1/", "OPENAI_MODEL": "llama3.2",
        ])
        let openAI = try #require(configuration.openAI)
        #expect(openAI.apiKey == nil && !openAI.baseURLIsOpenAI)
        #expect(openAI.baseURL.absoluteString == "http://localhost:11434/v1")
        #expect(configuration.warnings.isEmpty)
    }

    @Test func openAIsOwnHostNeedsAKey() throws {
        let error = try error(["OPENAI_BASE_URL": "https://API.openai.com/v1"])
        #expect(error.setting == "OPENAI_API_KEY")
        #expect(error.description.hasPrefix("OPENAI_API_KEY is required when OPENAI_BASE_URL is OpenAI's own API"))
    }

    @Test func modelTuning() throws {
        let openAI = try #require(
            try Configuration.load(environment: [
                "OPENAI_API_KEY": "sk-test", "OPENAI_MODEL": "gpt-4.1", "LLM_TIMEOUT_SECONDS": "20",
                "LLM_MAX_ATTEMPTS": "5", "LLM_MAX_OUTPUT_TOKENS": "500", "LLM_TEMPERATURE": "0.7",
            ]).openAI)
        #expect(openAI.model == "gpt-4.1" && openAI.timeout == .seconds(20) && openAI.maxAttempts == 5)
        #expect(openAI.maxOutputTokens == 500 && openAI.temperature == 0.7)
    }

    @Test func assistantIDAlias() throws {
        let alias = try Configuration.load(environment: ["OPENAI_API_KEY": "k", "ASSISTANT_ID": "asst_1"])
        #expect(alias.openAI?.assistantID == "asst_1")
        let both = try Configuration.load(environment: [
            "OPENAI_API_KEY": "k", "ASSISTANT_ID": "asst_1", "OPENAI_ASSISTANT_ID": "asst_2",
        ])
        #expect(both.openAI?.assistantID == "asst_2")
        #expect(both.warnings == ["ASSISTANT_ID is ignored: OPENAI_ASSISTANT_ID is set and wins"])
    }

    @Test func tuningWithoutAModelIsAWarning() throws {
        let configuration = try Configuration.load(environment: ["OPENAI_MODEL": "gpt-4.1"])
        #expect(configuration.openAI == nil)
        #expect(configuration.warnings.first?.hasPrefix("OPENAI_MODEL ignored: no model is configured") == true)
    }

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
        #expect(CannedTexts.defaults(for: .english).unsupported(kind: "image").contains("image messages"))
        #expect(portuguese.unsupported(kind: "poll").contains("do tipo poll"))
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
