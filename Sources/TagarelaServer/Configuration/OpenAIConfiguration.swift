import Foundation

/// An OpenAI-compatible chat model: OpenAI itself, or a local server such as Ollama or llama.cpp.
public struct OpenAIConfiguration: Sendable, Equatable {
    /// `OPENAI_API_KEY`; a local server may need none. Secret.
    public var apiKey: String?
    /// `OPENAI_BASE_URL`, without a trailing slash, e.g. `https://api.openai.com/v1`.
    public var baseURL: URL
    /// `OPENAI_MODEL`.
    public var model: String
    /// `OPENAI_ASSISTANT_ID` (or `ASSISTANT_ID`): kept for a later Assistants mode, not used yet.
    public var assistantID: String?
    /// `LLM_TIMEOUT_SECONDS`, for one attempt.
    public var timeout: Duration
    /// `LLM_MAX_ATTEMPTS`, the first included.
    public var maxAttempts: Int
    /// `LLM_MAX_OUTPUT_TOKENS`; nil leaves it to the model.
    public var maxOutputTokens: Int?
    /// `LLM_TEMPERATURE`, 0 to 2; nil leaves it to the model.
    public var temperature: Double?

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
        "OPENAI_MODEL", "OPENAI_ASSISTANT_ID", "ASSISTANT_ID", "LLM_TIMEOUT_SECONDS", "LLM_MAX_ATTEMPTS",
        "LLM_MAX_OUTPUT_TOKENS", "LLM_TEMPERATURE",
    ]

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
            timeout: try reader.seconds("LLM_TIMEOUT_SECONDS", default: 60, in: 1...3600),
            maxAttempts: try reader.int("LLM_MAX_ATTEMPTS", default: 3, in: 1...20),
            maxOutputTokens: try reader.optionalInt("LLM_MAX_OUTPUT_TOKENS", in: 1...Int.max),
            temperature: try reader.optionalDouble("LLM_TEMPERATURE", in: 0...2)
        )
        if let primary = reader.string("OPENAI_ASSISTANT_ID"), let alias = reader.string("ASSISTANT_ID"),
            primary != alias
        {
            warnings.append("ASSISTANT_ID is ignored: OPENAI_ASSISTANT_ID is set and wins")
        }
        guard apiKey != nil || explicitURL != nil else {
            let stray = tuningVariables.filter(reader.isSet)
            if !stray.isEmpty {
                warnings.append(
                    "\(ConfigurationError.list(stray)) ignored: no model is configured "
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
