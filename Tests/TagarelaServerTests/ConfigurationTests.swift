import Foundation
import Logging
import Testing

@testable import TagarelaServer

@Suite("Configuration", .timeLimit(.minutes(3)))
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

    @Test func theSessionSecretIsLongOrRefused() throws {
        let secret = String(repeating: "k", count: 32)
        let configuration = try Configuration.load(environment: ["ADMIN_SESSION_SECRET": secret])
        #expect(configuration.admin.sessionSecret == secret)
        #expect(configuration.summary["ADMIN_SESSION_SECRET"] == "(set, 32 chars)")
        #expect(try Configuration.load(environment: [:]).admin.sessionSecret == nil)
        let short = String(repeating: "k", count: 31)
        let error = try error(["ADMIN_SESSION_SECRET": short])
        #expect(error.setting == "ADMIN_SESSION_SECRET")
        #expect(error.description.hasPrefix("ADMIN_SESSION_SECRET must be at least 32 characters"))
        #expect(!error.description.contains("\n") && !error.description.contains(short))
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

}
