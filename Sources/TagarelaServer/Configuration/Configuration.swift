import Foundation
import Logging
import TagarelaCore

/// Everything the server is told by its environment, read and checked once at start-up.
///
/// Build one with ``load(environment:dotEnvFile:)`` (tests) or ``loadFromProcess(dotEnvPath:)`` (the server);
/// the variables are listed in `docs/configuration.md`. The fields are `var` so tests can adjust a loaded value.
public struct Configuration: Sendable, Equatable {
    /// Listening address, public URL, identity and logging.
    public var server: ServerSettings
    /// Where conversations are stored.
    public var database: DatabaseConfiguration
    /// The Twilio WhatsApp channel; nil when no `TWILIO_*` variable is set.
    public var twilio: TwilioConfiguration?
    /// Meta's WhatsApp Cloud API channel; nil when no `WHATSAPP_*` variable (or alias) is set.
    public var meta: MetaConfiguration?
    /// OpenAI or a compatible server; nil when neither `OPENAI_API_KEY` nor `OPENAI_BASE_URL` is set.
    public var openAI: OpenAIConfiguration?
    /// Google Gemini; nil when `GEMINI_API_KEY` is not set.
    public var gemini: GeminiConfiguration?
    /// Which of them answer, in what order, and the limits they all keep.
    public var models: ModelSettings
    /// The tools the model may call.
    public var tools: ToolSettings
    /// How voice notes are heard.
    public var voice: VoiceSettings
    /// How answers are spoken.
    public var speech: SpeechSettings
    /// The system prompt and how much of a conversation the model sees.
    public var memory: MemorySettings
    /// Debouncing, turn workers and the outbox.
    public var queue: QueueSettings
    /// Rate limits, size limits, allow/block lists and opt-out words.
    public var guards: GuardSettings
    /// The fixed replies sent without asking the model.
    public var texts: CannedTexts
    /// When people are on duty (`BUSINESS_HOURS`); nil when the bot keeps no hours.
    public var businessHours: BusinessHours?
    /// The dashboard, alerts and retention.
    public var admin: AdminSettings
    /// Photos and the photo catalogue.
    public var photos: PhotoSettings
    /// Where kept files' bytes go.
    public var mediaStorage: MediaStorageSettings
    /// The knowledge base's passages and embeddings.
    public var knowledge: KnowledgeSettings
    /// The MCP servers whose tools the model may call.
    public var mcp = MCPSettings()
    /// `VOICE_PIPELINE` and `REALTIME_*`: voice notes answered speech to speech.
    public var realtime = RealtimeSettings()
    /// Non-fatal notes worth logging at start-up, e.g. a short `ADMIN_TOKEN`.
    public var warnings: [String]
}

/// Listening address, public URL, identity and logging.
public struct ServerSettings: Sendable, Equatable {
    /// `PORT`.
    public var port: Int
    /// `HOST`, the address to bind.
    public var host: String
    /// `PUBLIC_URL`, how the outside world reaches this server, without a trailing slash.
    public var publicURL: URL?
    /// `INSTANCE_ID`, naming this process in leases and logs; defaults to hostname-pid.
    public var instanceID: String
    /// `LOG_LEVEL`, or debug when only `DEBUG` is truthy.
    public var logLevel: Logger.Level
    /// `LOG_FORMAT`.
    public var logFormat: LogFormat
    /// `ADMIN_TOKEN`, the bearer token for admin endpoints; nil disables them.
    public var adminToken: String?
    /// `METRICS_PUBLIC`: `/metrics` without the admin token.
    public var metricsPublic: Bool
    /// `TRUSTED_PROXIES`: whose `X-Forwarded-For` and `X-Forwarded-Proto` are believed.
    public var trustedProxies: TrustedProxies
    /// `OUTBOUND_ALLOW_LOOPBACK`: fetches from addresses Tagarela did not choose may reach loopback over plain
    /// http (local fakes in tests and development).
    public var outboundAllowsLoopback: Bool = false
    /// `MAX_UNAUTHENTICATED_REQUESTS`: requests carrying no credential in flight at once; more get `503`.
    public var maxUnauthenticatedRequests: Int = 128
}

/// How log lines are written.
public enum LogFormat: String, Sendable, Equatable, CaseIterable {
    /// One human-readable line per event.
    case text
    /// One JSON object per line, for log collectors.
    case json
}
