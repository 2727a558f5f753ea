import Foundation

/// Where the Responses API's conversation state lives.
public enum OpenAIHistory: String, Sendable, Equatable, CaseIterable {
    /// Tagarela's own history, sent whole with `store: false`: portable, nothing kept at OpenAI.
    case own
    /// One OpenAI conversation per contact (the Conversations API): each turn sends only what is new.
    case conversations
}

/// An OpenAI-compatible chat model: OpenAI itself, or a local server such as Ollama or llama.cpp.
public struct OpenAIConfiguration: Sendable, Equatable {
    /// `OPENAI_API_KEY`; a local server may need none. Secret.
    public var apiKey: String?
    /// `OPENAI_BASE_URL`, without a trailing slash, e.g. `https://api.openai.com/v1`.
    public var baseURL: URL
    /// `OPENAI_MODEL`.
    public var model: String
    /// `OPENAI_ASSISTANT_ID` (or `ASSISTANT_ID`) from the older scripts. The Assistants API is gone: start-up
    /// says which settings replace it.
    public var assistantID: String?
    /// `OPENAI_HISTORY`, for the Responses API: Tagarela's own history (default) or OpenAI's Conversations.
    public var history: OpenAIHistory
    /// `OPENAI_CONVERSATION_MAX_TOKENS`: a conversation whose last response read more input tokens than this is
    /// replaced by a new one seeded with a summary.
    public var conversationMaxTokens: Int

    public static let defaultBaseURL = URL(string: "https://api.openai.com/v1")!
    public static let defaultModel = "gpt-4o-mini"

    /// True when the base URL is OpenAI's own API (host `api.openai.com`) rather than a compatible server.
    public var baseURLIsOpenAI: Bool {
        baseURL.host?.lowercased() == "api.openai.com"
    }
}

extension OpenAIConfiguration {
    /// The variables that only matter when a model is configured.
    static let tuningVariables = [
        "OPENAI_MODEL", "OPENAI_ASSISTANT_ID", "ASSISTANT_ID", "OPENAI_HISTORY", "OPENAI_CONVERSATION_MAX_TOKENS",
    ]

    /// OpenAI shut the Assistants API down on 2026-08-26; someone migrating is told, in one line, what to set.
    static let assistantsGone =
        "OPENAI_ASSISTANT_ID is set, but OpenAI shut the Assistants API down on 2026-08-26: Tagarela uses the "
        + "Responses API instead; put the assistant's instructions in SYSTEM_PROMPT (or SYSTEM_PROMPT_FILE) and "
        + "its model in OPENAI_MODEL; its tools are replaced by Tagarela's own"

    /// On when `OPENAI_API_KEY` is set or `OPENAI_BASE_URL` is set explicitly; nil otherwise.
    static func load(
        _ reader: EnvironmentReader, warnings: inout [String]
    ) throws(ConfigurationError) -> OpenAIConfiguration? {
        let apiKey = reader.string("OPENAI_API_KEY")
        let explicitURL = try reader.httpURL("OPENAI_BASE_URL", example: "http://localhost:11434/v1")
        // Checked even when the model is off, so a typo is caught before the key is added.
        let configuration = OpenAIConfiguration(
            apiKey: apiKey,
            baseURL: explicitURL ?? defaultBaseURL,
            model: reader.string("OPENAI_MODEL") ?? defaultModel,
            assistantID: reader.first("OPENAI_ASSISTANT_ID", "ASSISTANT_ID")?.value,
            history: try reader.choice("OPENAI_HISTORY", default: .own),
            conversationMaxTokens: try reader.int(
                "OPENAI_CONVERSATION_MAX_TOKENS", default: 20_000, in: 1_000...1_000_000)
        )
        if configuration.assistantID != nil { warnings.append(assistantsGone) }
        if let primary = reader.string("OPENAI_ASSISTANT_ID"), let alias = reader.string("ASSISTANT_ID"),
            primary != alias
        {
            warnings.append("ASSISTANT_ID is ignored: OPENAI_ASSISTANT_ID is set and wins")
        }
        guard apiKey != nil || explicitURL != nil else {
            let stray = tuningVariables.filter(reader.isSet)
            if !stray.isEmpty {
                warnings.append(
                    "\(ConfigurationError.list(stray)) ignored: OpenAI is not configured "
                        + "(set OPENAI_API_KEY, or OPENAI_BASE_URL for a local server)")
            }
            return nil
        }
        if configuration.baseURLIsOpenAI, apiKey == nil {
            throw ConfigurationError(
                setting: "OPENAI_API_KEY",
                message: "OPENAI_API_KEY is required when OPENAI_BASE_URL is OpenAI's own API (api.openai.com); "
                    + "only a local compatible server works without a key")
        }
        if !configuration.baseURLIsOpenAI, !reader.isSet("OPENAI_MODEL") {
            warnings.append(
                "OPENAI_MODEL is not set: asking \(configuration.baseURL.host ?? "the server") for \(defaultModel), "
                    + "which a local server may not have")
        }
        return configuration
    }
}
