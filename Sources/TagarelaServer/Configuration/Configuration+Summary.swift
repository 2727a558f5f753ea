import Foundation
import Logging
import TagarelaCore

extension Configuration {
    /// Every effective setting by variable name, secrets masked (`sk-…(51 chars)`), for start-up logs and the
    /// admin settings page. Unset optional settings read `(not set)`.
    public var summary: [String: String] {
        let notSet = "(not set)"
        var settings: [String: String] = [
            "PORT": String(server.port),
            "HOST": server.host,
            "PUBLIC_URL": server.publicURL.map(Self.shown) ?? notSet,
            "INSTANCE_ID": server.instanceID,
            "LOG_LEVEL": server.logLevel.rawValue,
            "LOG_FORMAT": server.logFormat.rawValue,
            "ADMIN_TOKEN": Self.masked(server.adminToken),
            "METRICS_PUBLIC": String(server.metricsPublic),
            "OUTBOUND_ALLOW_LOOPBACK": String(server.outboundAllowsLoopback),
            "MAX_UNAUTHENTICATED_REQUESTS": String(server.maxUnauthenticatedRequests),
            "TRUSTED_PROXIES": server.trustedProxies.description,
            "DATABASE_URL": database.redactedURL,
            "TWILIO_ACCOUNT_SID": twilio?.accountSID ?? notSet,
            "TWILIO_AUTH_TOKEN": Self.masked(twilio?.authToken),
            "TWILIO_WHATSAPP_FROM": twilio?.from ?? notSet,
            "TWILIO_MESSAGING_SERVICE_SID": twilio?.messagingServiceSID ?? notSet,
            "TWILIO_API_BASE_URL": twilio.map { Self.shown($0.apiBaseURL) } ?? notSet,
            "TWILIO_WEBHOOK_SIGNING_KEY": Self.masked(twilio?.webhookSigningKey),
            "TWILIO_STATUS_CALLBACKS": twilio.map { String($0.statusCallbacks) } ?? notSet,
            "WHATSAPP_TOKEN": Self.masked(meta?.accessToken),
            "WHATSAPP_PHONE_NUMBER_ID": meta?.phoneNumberID ?? notSet,
            "WHATSAPP_VERIFY_TOKEN": Self.masked(meta?.verifyToken),
            "WHATSAPP_APP_SECRET": meta.map { $0.appSecret.map(Redact.secret) ?? "(not set: webhooks NOT verified)" }
                ?? notSet,
            "GRAPH_API_BASE_URL": meta.map { Self.shown($0.graphAPIBaseURL) } ?? notSet,
            "WHATSAPP_REENGAGEMENT_TEMPLATE": meta?.reengagementTemplate ?? notSet,
            "WHATSAPP_REENGAGEMENT_TEMPLATE_LANGUAGE": meta?.reengagementTemplateLanguage ?? notSet,
            "WHATSAPP_MAX_MESSAGE_LENGTH": meta.map { String($0.maxMessageLength) } ?? notSet,
            "WHATSAPP_BUSINESS_ACCOUNT_ID": meta?.businessAccountID ?? notSet,
            "OPENAI_API_KEY": Self.masked(openAI?.apiKey),
            "OPENAI_BASE_URL": openAI.map { Self.shown($0.baseURL) } ?? notSet,
            "OPENAI_MODEL": openAI?.model ?? notSet,
            "OPENAI_ASSISTANT_ID": openAI?.assistantID ?? notSet,
            "SYSTEM_PROMPT": memory.promptIsDefault
                ? "(default, \(memory.systemPrompt.count) chars)" : "(\(memory.systemPrompt.count) chars)",
            "BUSINESS_NAME": memory.businessName ?? notSet,
            "BUSINESS_DESCRIPTION": memory.businessDescription ?? notSet,
            "SYSTEM_PROMPT_FILE": memory.systemPromptFile ?? notSet,
            "MEMORY_MAX_TOKENS": String(memory.maxTokens),
            "MEMORY_MAX_MESSAGES": String(memory.maxMessages),
            "MEMORY_SUMMARY": memorySummaryTokens > 0
                ? "on" : memory.summary ? "off (OPENAI_HISTORY=conversations summarises)" : "off",
            "MEMORY_SUMMARY_MAX_TOKENS": String(memory.summaryMaxTokens),
            "DEBOUNCE_MS": String(queue.debounce.wholeMilliseconds),
            "DEBOUNCE_MAX_WAIT_MS": String(queue.debounceMaxWait.wholeMilliseconds),
            "MAX_CONCURRENT_TURNS": String(queue.maxConcurrentTurns),
            "TURN_LEASE_SECONDS": String(Self.seconds(queue.turnLease)),
            "OUTBOX_MAX_ATTEMPTS": String(queue.outboxMaxAttempts),
            "OUTBOX_CONCURRENCY": String(queue.outboxConcurrency),
            "HTTP_MAX_CONNECTIONS_PER_HOST": String(queue.httpMaxConnectionsPerHost),
            "MAX_MESSAGE_AGE_SECONDS": queue.maxMessageAge.map { String(Self.seconds($0)) } ?? "0 (off)",
            "REPLY_DEADLINE_SECONDS": queue.replyTiming.deadline.map { String(Self.seconds($0)) } ?? "0 (off)",
            "SLOW_REPLY_NOTICE_SECONDS": queue.replyTiming.slowNotice.map { String(Self.seconds($0)) } ?? "0 (off)",
            "RATE_LIMIT_MESSAGES": guards.rateLimitEnabled ? String(guards.rateLimitMessages) : "0 (off)",
            "RATE_LIMIT_WINDOW_SECONDS": String(Self.seconds(guards.rateLimitWindow)),
            "MAX_INBOUND_CHARS": String(guards.maxInboundCharacters),
            "ALLOWED_CONTACTS": guards.allowedContacts.isEmpty
                ? "(everyone)" : guards.allowedContacts.sorted().joined(separator: ","),
            "BLOCKED_CONTACTS": guards.blockedContacts.isEmpty
                ? "(none)" : guards.blockedContacts.sorted().joined(separator: ","),
            "OPT_OUT_KEYWORDS": guards.optOutKeywords.joined(separator: ","),
            "BOT_LANGUAGE": texts.language.rawValue,
            "TEXT_FALLBACK": texts.fallback,
            "TEXT_RATE_LIMITED": texts.rateLimited,
            "TEXT_TOO_LONG": texts.tooLong,
            "TEXT_UNSUPPORTED": texts.unsupported,
            "TEXT_MEDIA_FAILED": texts.mediaFailed,
            "TEXT_HUMAN_HANDOFF": texts.humanHandoff,
            "TEXT_MODELS_OFF": texts.modelsOff,
            "TEXT_BUDGET_EXCEEDED": texts.budgetExceeded,
        ]
        settings.merge(modelSummary) { $1 }
        settings.merge(adminSummary) { $1 }
        settings["MCP_SERVERS"] = mcp.summary
        settings.merge(realtimeSummary) { $1 }
        settings["MCP_REFRESH_SECONDS"] = String(Self.seconds(mcp.refreshInterval))
        if case .sqlite(_, let synchronous) = database {
            settings["SQLITE_SYNCHRONOUS"] = synchronous.rawValue
        }
        return settings
    }

    /// The model settings of the summary (a separate literal keeps the type checker fast).
    private var modelSummary: [String: String] {
        let notSet = "(not set)"
        return [
            "OPENAI_HISTORY": openAI?.history.rawValue ?? notSet,
            "OPENAI_CONVERSATION_MAX_TOKENS": openAI.map { String($0.conversationMaxTokens) } ?? notSet,
            "LLM_PROVIDER": models.chain.first?.rawValue ?? notSet,
            "LLM_FALLBACK": models.chain.count > 1
                ? models.chain.dropFirst().map(\.rawValue).joined(separator: ",") : notSet,
            "LLM_TIMEOUT_SECONDS": String(Self.seconds(models.timeout)),
            "LLM_MAX_ATTEMPTS": String(models.maxAttempts),
            "LLM_MAX_OUTPUT_TOKENS": models.maxOutputTokens.map(String.init) ?? notSet,
            "LLM_TEMPERATURE": models.temperature.map { String($0) } ?? notSet,
            "LLM_DISABLED": String(models.disabled),
            "CONTACT_DAILY_TOKEN_BUDGET": models.budgets.contactDailyTokens == 0
                ? "0 (off)" : String(models.budgets.contactDailyTokens),
            "MONTHLY_TOKEN_BUDGET": models.budgets.monthlyTokens == 0
                ? "0 (off)" : String(models.budgets.monthlyTokens),
            "CONTACT_DAILY_BUDGET_USD": models.budgets.contactDailyDollars == 0
                ? "0 (off)" : String(models.budgets.contactDailyDollars),
            "MONTHLY_BUDGET_USD": models.budgets.monthlyDollars == 0
                ? "0 (off)" : String(models.budgets.monthlyDollars),
            "BUDGET_TIME_ZONE": models.budgets.timeZone.identifier,
            "LLM_TOOLS": tools.enabled.isEmpty && tools.fileTools.isEmpty && tools.mcp.isNone
                ? "none"
                : (tools.enabled.map(\.rawValue) + tools.fileTools.map(\.name) + tools.mcp.entries)
                    .joined(separator: ","),
            "TOOLS_FILE": tools.toolsFile ?? notSet,
            "TOOL_MAX_CALLS_PER_TURN": String(tools.maxCallsPerTurn),
            "TOOL_MAX_CALLS_PER_CONTACT_PER_DAY": String(tools.maxCallsPerContactPerDay),
            "TOOL_RESPONSE_MAX_BYTES": String(tools.responseMaxBytes),
            "LLM_MAX_TOOL_STEPS": String(tools.maxSteps),
            "TOOL_TIMEOUT_SECONDS": String(Self.seconds(tools.timeout)),
            "TOOL_CONFIRM_SECONDS": String(Self.seconds(tools.confirmWindow)),
            "DEFAULT_TIME_ZONE": tools.defaultTimeZone.identifier,
            "TRANSCRIPTION_PROVIDER": voice.transcription.rawValue,
            "TRANSCRIPTION_BASE_URL": Self.shown(voice.baseURL),
            "TRANSCRIPTION_API_KEY": Self.masked(voice.apiKey),
            "TRANSCRIPTION_MODEL": voice.model,
            "TRANSCRIPTION_LANGUAGE": voice.languageHint ?? "(auto)",
            "VOICE_ECHO_TRANSCRIPT": String(voice.echoTranscripts),
            "FFMPEG_PATH": voice.ffmpegPath,
            "MAX_VOICE_NOTE_SECONDS": String(Self.seconds(voice.maxDuration)),
            "VOICE_RETENTION_DAYS": String(Self.seconds(voice.retention) / 86_400),
            "VOICE_REPLIES": speech.mode.rawValue,
            "TTS_PROVIDER": speech.provider.rawValue,
            "TTS_BASE_URL": Self.shown(speech.openAIBaseURL),
            "TTS_API_KEY": Self.masked(speech.openAIKey),
            "TTS_MODEL": speech.openAIModel,
            "TTS_VOICE": speech.openAIVoice,
            "ELEVENLABS_API_KEY": Self.masked(speech.elevenLabsKey),
            "ELEVENLABS_VOICE_ID": speech.elevenLabsVoiceID ?? notSet,
            "ELEVENLABS_MODEL": speech.elevenLabsModel,
            "ELEVENLABS_BASE_URL": Self.shown(speech.elevenLabsBaseURL),
            "VOICE_REPLY_WITH_TEXT": String(speech.withText),
            "MEDIA_LINK_HOURS": String(Self.seconds(speech.linkLifetime) / 3600),
            "LLM_PRICES": models.prices.isEmpty ? notSet : models.prices.description,
            "GEMINI_API_KEY": Self.masked(gemini?.apiKey),
            "GEMINI_MODEL": gemini?.model ?? notSet,
            "GEMINI_BASE_URL": gemini.map { Self.shown($0.baseURL) } ?? notSet,
            "EMBEDDINGS_PROVIDER": knowledge.provider.rawValue,
            "EMBEDDINGS_MODEL": knowledge.model,
            "EMBEDDINGS_BASE_URL": Self.shown(knowledge.baseURL),
            "EMBEDDINGS_API_KEY": Self.masked(knowledge.apiKey),
            "KNOWLEDGE_MAX_TOKENS": String(knowledge.maxTokens),
            "KNOWLEDGE_CHUNK_TOKENS": String(knowledge.chunkTokens),
            "KNOWLEDGE_CHUNK_OVERLAP": String(knowledge.chunkOverlap),
            "KNOWLEDGE_MIN_SIMILARITY": String(knowledge.minSimilarity),
        ]
    }

    /// The dashboard's settings of the summary.
    private var adminSummary: [String: String] {
        [
            // Not even its first characters: a password is guessed, not looked up.
            "ADMIN_PASSWORD": admin.password.map { "(set, \($0.count) chars)" } ?? "(not set)",
            "ADMIN_SESSION_SECRET": admin.sessionSecret.map { "(set, \($0.count) chars)" }
                ?? "(not set: kept in the database)",
            "ADMIN_SESSION_HOURS": String(Self.seconds(admin.sessionLifetime) / 3600),
            "DASHBOARD_LANGUAGE": admin.language.rawValue,
            "ALERT_WEBHOOK_URL": admin.alertWebhookURL.map { Redact.secret(Self.shown($0)) } ?? "(not set)",
            "HANDOFF_AUTO_RESUME_MINUTES": admin.handoffAutoResume.map { String(Self.seconds($0) / 60) } ?? "0 (off)",
            "FAILED_TURNS_ALERT": String(admin.failedTurnsAlert),
            "RETENTION_DAYS": admin.retention.map { String(Self.seconds($0) / 86_400) } ?? "0 (keep everything)",
            "BUSINESS_HOURS": businessHours?.summary ?? "(not set: always the bot)",
            "BUSINESS_TIME_ZONE": businessHours?.timeZone.identifier ?? "(not set)",
            "OUTSIDE_HOURS": businessHours?.outside.rawValue ?? "(not set)",
            "TEXT_OUTSIDE_HOURS": texts.outsideHours,
            "TEXT_CONFIRM_TOOL": texts.confirmTool,
            "TEXT_SLOW_REPLY": texts.slowReply,
        ]
    }

    /// The summary as `NAME=value` lines sorted by name, line breaks in values escaped.
    public func redactedDescription() -> String {
        summary.sorted { $0.key < $1.key }
            .map { "\($0.key)=\($0.value.replacingOccurrences(of: "\n", with: "\\n"))" }
            .joined(separator: "\n")
    }

    /// A set secret as logs show one (``Redact/secret(_:)``), or "(not set)".
    static func masked(_ secret: String?) -> String {
        secret.map(Redact.secret) ?? "(not set)"
    }

    /// A URL with any password in it masked.
    static func shown(_ url: URL) -> String {
        guard url.password != nil, var components = URLComponents(url: url, resolvingAgainstBaseURL: false) else {
            return url.absoluteString
        }
        components.password = "***"
        return components.string ?? "(a URL with a password)"
    }

    static func seconds(_ duration: Duration) -> Int64 {
        duration.components.seconds
    }

    /// `VOICE_PIPELINE` and the `REALTIME_*` settings, the key masked.
    var realtimeSummary: [String: String] {
        [
            "VOICE_PIPELINE": realtime.pipeline.rawValue,
            "REALTIME_MODEL": realtime.model,
            "REALTIME_VOICE": realtime.voice ?? "(not set: the API's default)",
            "REALTIME_API_KEY": Self.masked(realtime.apiKey),
            "REALTIME_BASE_URL": realtime.baseURL.absoluteString,
            "REALTIME_CONNECT_TIMEOUT_SECONDS": String(Self.seconds(realtime.connectTimeout)),
            "REALTIME_ANSWER_TIMEOUT_SECONDS": String(Self.seconds(realtime.answerTimeout)),
        ]
    }
}
