import Foundation
import Logging
import TagarelaCore

extension Configuration {
    /// Reads and checks every setting, throwing the first problem as one line that names the variable.
    ///
    /// - Parameters:
    ///   - environment: the variables, normally the process environment. They win over `.env`: a variable set
    ///     in both takes the environment's value. Empty values count as unset in both sources.
    ///   - dotEnvFile: the *contents* of a `.env` file (see ``DotEnv`` for its syntax), or nil.
    public static func load(
        environment: [String: String], dotEnvFile: String? = nil
    ) throws(ConfigurationError) -> Configuration {
        var dotEnv: [String: String] = [:]
        if let dotEnvFile { dotEnv = try DotEnv.parse(dotEnvFile) }
        let reader = EnvironmentReader(environment: environment, dotEnv: dotEnv)
        var warnings: [String] = []
        let server = try ServerSettings(reader, warnings: &warnings)
        let database = try DatabaseConfiguration(reader)
        let twilio = try TwilioConfiguration.load(reader, publicURL: server.publicURL, warnings: &warnings)
        let meta = try MetaConfiguration.load(reader, warnings: &warnings)
        let openAI = try OpenAIConfiguration.load(reader, warnings: &warnings)
        let gemini = try GeminiConfiguration.load(reader, warnings: &warnings)
        // TOOLS_FILE is read once: its tools and its MCP servers, which LLM_TOOLS may name.
        let toolsFile = try reader.string("TOOLS_FILE").map { path throws(ConfigurationError) in
            (path, try ToolsFile.read(path: path))
        }
        let mcp = try MCPSettings(
            reader, loopback: server.outboundAllowsLoopback,
            fileServers: try toolsFile.map { path, top throws(ConfigurationError) in
                try ToolsFile.mcpServers(path: path, top: top)
            } ?? [])
        let tools = try ToolSettings(
            reader, file: toolsFile?.1, mcpServers: mcp.servers.map(\.name), warnings: &warnings)
        let models = try ModelSettings(reader, openAI: openAI, gemini: gemini, defaultTimeZone: tools.defaultTimeZone)
        if openAI?.history == .conversations, !models.chain.contains(.openai) {
            warnings.append("OPENAI_HISTORY=conversations is ignored: it applies to LLM_PROVIDER=openai only")
        }
        let voice = try VoiceSettings(reader, openAI: openAI, gemini: gemini)
        let speech = try SpeechSettings(reader, openAI: openAI)
        let memory = try MemorySettings(reader)
        let queue = try QueueSettings(reader)
        let guards = try GuardSettings(reader, warnings: &warnings)
        let texts = try CannedTexts(reader)
        let admin = try AdminSettings(reader, warnings: &warnings)
        let businessHours = try BusinessHours.load(reader, defaultTimeZone: tools.defaultTimeZone)
        let photos = try PhotoSettings(reader)
        let mediaStorage = try MediaStorageSettings(reader)
        let knowledge = try KnowledgeSettings(reader, openAI: openAI, gemini: gemini)
        var configuration = Configuration(
            server: server, database: database, twilio: twilio, meta: meta, openAI: openAI, gemini: gemini,
            models: models, tools: tools, voice: voice, speech: speech, memory: memory,
            queue: queue,
            guards: guards, texts: texts, businessHours: businessHours, admin: admin, photos: photos,
            mediaStorage: mediaStorage, knowledge: knowledge,
            warnings: warnings)
        configuration.mcp = mcp
        configuration.realtime = try RealtimeSettings(reader, openAI: openAI)
        if configuration.realtime.pipeline == .realtime, voice.transcription == .none {
            configuration.warnings.append(
                "VOICE_PIPELINE=realtime is ignored: voice notes are not heard (TRANSCRIPTION_PROVIDER=none), and the "
                    + "classic pipeline is realtime's fallback")
        }
        if !mcp.servers.isEmpty, tools.mcp.isNone {
            configuration.warnings.append(
                "MCP_SERVERS is ignored: LLM_TOOLS offers none of its tools (name them, or a whole server as <server>_*)"
            )
        }
        return configuration
    }

    /// The server's configuration: the process environment over a `.env` file.
    ///
    /// With no `dotEnvPath`, `./.env` is read if it exists; a path given explicitly must exist.
    public static func loadFromProcess(dotEnvPath: String? = nil) throws(ConfigurationError) -> Configuration {
        try load(environment: ProcessInfo.processInfo.environment, dotEnvPath: dotEnvPath)
    }

    /// `environment` over a `.env` file: `./.env` if it exists when `dotEnvPath` is nil, else that file, which
    /// must exist.
    public static func load(
        environment: [String: String], dotEnvPath: String?
    ) throws(ConfigurationError) -> Configuration {
        var contents = try DotEnv.read(path: dotEnvPath ?? ".env")
        if let dotEnvPath, contents == nil {
            throw ConfigurationError(
                setting: nil, message: "the .env file \(ConfigurationError.quoted(dotEnvPath)) does not exist")
        }
        if contents?.isEmpty == true { contents = nil }
        return try load(environment: environment, dotEnvFile: contents)
    }
}

extension ServerSettings {
    /// Reads the server variables; a truthy `DEBUG` means debug logging unless `LOG_LEVEL` says otherwise.
    init(_ reader: EnvironmentReader, warnings: inout [String]) throws(ConfigurationError) {
        let debug = try reader.bool("DEBUG", default: false)
        let adminToken = reader.string("ADMIN_TOKEN")
        if let adminToken, adminToken.count < 16 {
            warnings.append(
                "ADMIN_TOKEN is shorter than 16 characters: use a long random value, e.g. from `openssl rand -hex 32`")
        }
        var trustedProxies = TrustedProxies.localhost
        if let value = reader.string("TRUSTED_PROXIES") {
            trustedProxies = try TrustedProxies(parsing: value, setting: "TRUSTED_PROXIES")
        }
        let process = ProcessInfo.processInfo
        self.init(
            port: try reader.int("PORT", default: 8080, in: 1...65535),
            host: reader.string("HOST") ?? "0.0.0.0",
            publicURL: try reader.httpURL("PUBLIC_URL", example: "https://bot.example.com"),
            instanceID: reader.string("INSTANCE_ID") ?? "\(process.hostName)-\(process.processIdentifier)",
            logLevel: try reader.choice("LOG_LEVEL", default: debug ? .debug : .info),
            logFormat: try reader.choice("LOG_FORMAT", default: .text),
            adminToken: adminToken,
            metricsPublic: try reader.bool("METRICS_PUBLIC", default: false),
            trustedProxies: trustedProxies,
            outboundAllowsLoopback: try reader.bool("OUTBOUND_ALLOW_LOOPBACK", default: false),
            maxUnauthenticatedRequests: try reader.int("MAX_UNAUTHENTICATED_REQUESTS", default: 128, in: 1...100_000)
        )
        if outboundAllowsLoopback {
            warnings.append(
                "OUTBOUND_ALLOW_LOOPBACK is on: media and other URLs Tagarela did not choose may reach this machine "
                    + "over plain http; use it for tests and local development only")
        }
    }
}
