import Foundation
import TagarelaCore

/// The ways Tagarela reaches a model (`LLM_PROVIDER`, `LLM_FALLBACK`).
public enum LLMProviderKind: String, Sendable, Equatable, CaseIterable {
    /// OpenAI's Responses API, the default for OpenAI itself.
    case openai
    /// Chat Completions, which OpenAI-compatible servers (Ollama, vLLM, llama.cpp...) implement.
    case openaiChat = "openai-chat"
    /// Google Gemini `generateContent`.
    case gemini
}

/// Which providers answer, in order, and the limits every one of them keeps.
public struct ModelSettings: Sendable, Equatable {
    /// `LLM_PROVIDER` (or the one the other settings imply), then each of `LLM_FALLBACK`: when a provider
    /// fails after its retries, the next answers. Empty when no model is configured.
    public var chain: [LLMProviderKind]
    /// `LLM_TIMEOUT_SECONDS`, for one attempt.
    public var timeout: Duration
    /// `LLM_MAX_ATTEMPTS` per provider, the first included.
    public var maxAttempts: Int
    /// `LLM_MAX_OUTPUT_TOKENS`; nil leaves it to the model.
    public var maxOutputTokens: Int?
    /// `LLM_TEMPERATURE`, 0 to 2; nil leaves it to the model.
    public var temperature: Double?
    /// `LLM_DISABLED`, the kill switch: no model is called; every turn answers `TEXT_MODELS_OFF`.
    public var disabled: Bool
    /// `CONTACT_DAILY_TOKEN_BUDGET`, `MONTHLY_TOKEN_BUDGET` and `BUDGET_TIME_ZONE`.
    public var budgets: TokenBudgets
    /// `LLM_PRICES`: US dollars per million input and output tokens, by model, for the estimated cost.
    public var prices: Prices

    public var isConfigured: Bool { !chain.isEmpty }
}

/// Google Gemini.
public struct GeminiConfiguration: Sendable, Equatable {
    /// `GEMINI_API_KEY`. Secret.
    public var apiKey: String
    /// `GEMINI_MODEL`.
    public var model: String
    /// `GEMINI_BASE_URL`, with the API version, without a trailing slash.
    public var baseURL: URL

    public static let defaultModel = "gemini-2.5-flash"
    public static let defaultBaseURL = URL(string: "https://generativelanguage.googleapis.com/v1beta")!

    static let variables = ["GEMINI_API_KEY", "GEMINI_MODEL", "GEMINI_BASE_URL"]
}

extension GeminiConfiguration {
    /// On when `GEMINI_API_KEY` is set.
    static func load(_ reader: EnvironmentReader, warnings: inout [String]) throws(ConfigurationError)
        -> GeminiConfiguration?
    {
        let baseURL = try reader.httpURL("GEMINI_BASE_URL", example: defaultBaseURL.absoluteString)
        guard let apiKey = reader.string("GEMINI_API_KEY") else {
            let stray = variables.filter(reader.isSet)
            if !stray.isEmpty {
                warnings.append("\(ConfigurationError.list(stray)) ignored: GEMINI_API_KEY is not set")
            }
            return nil
        }
        return GeminiConfiguration(
            apiKey: apiKey, model: reader.string("GEMINI_MODEL") ?? defaultModel, baseURL: baseURL ?? defaultBaseURL)
    }
}

extension ModelSettings {
    /// Reads `LLM_PROVIDER`, `LLM_FALLBACK` and the shared limits, checking each provider named is configured.
    init(
        _ reader: EnvironmentReader, openAI: OpenAIConfiguration?, gemini: GeminiConfiguration?,
        defaultTimeZone: TimeZone
    ) throws(ConfigurationError) {
        func available(_ kind: LLMProviderKind) -> String? {
            switch kind {
            case .openai:
                openAI?.apiKey == nil ? "OPENAI_API_KEY is not set (the Responses API needs a key)" : nil
            case .openaiChat: openAI == nil ? "neither OPENAI_API_KEY nor OPENAI_BASE_URL is set" : nil
            case .gemini: gemini == nil ? "GEMINI_API_KEY is not set" : nil
            }
        }
        var chain: [LLMProviderKind] = []
        if reader.isSet("LLM_PROVIDER") {
            let primary: LLMProviderKind = try reader.choice("LLM_PROVIDER", default: .openai)
            if let missing = available(primary) {
                throw ConfigurationError(
                    setting: "LLM_PROVIDER", message: "LLM_PROVIDER is \(primary.rawValue), but \(missing)")
            }
            chain.append(primary)
        } else if let openAI {
            // Local servers implement Chat Completions, not Responses.
            chain.append(openAI.baseURLIsOpenAI ? .openai : .openaiChat)
        } else if gemini != nil {
            chain.append(.gemini)
        }
        if let fallback = reader.string("LLM_FALLBACK") {
            for name in fallback.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) })
            where !name.isEmpty {
                guard let kind = LLMProviderKind(rawValue: name.lowercased()) else {
                    throw .invalid(
                        "LLM_FALLBACK", mustBe: "a comma-separated list of openai, openai-chat and gemini",
                        got: fallback)
                }
                if let missing = available(kind) {
                    throw ConfigurationError(
                        setting: "LLM_FALLBACK", message: "LLM_FALLBACK names \(kind.rawValue), but \(missing)")
                }
                guard !chain.isEmpty else {
                    throw ConfigurationError(setting: "LLM_FALLBACK", message: "LLM_FALLBACK needs a primary provider")
                }
                if !chain.contains(kind) { chain.append(kind) }
            }
        }
        self.init(
            chain: chain,
            timeout: try reader.seconds("LLM_TIMEOUT_SECONDS", default: 60, in: 1...3600),
            maxAttempts: try reader.int("LLM_MAX_ATTEMPTS", default: 3, in: 1...20),
            maxOutputTokens: try reader.optionalInt("LLM_MAX_OUTPUT_TOKENS", in: 1...Int.max),
            temperature: try reader.optionalDouble("LLM_TEMPERATURE", in: 0...2),
            disabled: try reader.bool("LLM_DISABLED", default: false),
            budgets: TokenBudgets(
                contactDailyTokens: try reader.int("CONTACT_DAILY_TOKEN_BUDGET", default: 0, in: 0...Int.max),
                monthlyTokens: try reader.int("MONTHLY_TOKEN_BUDGET", default: 0, in: 0...Int.max),
                contactDailyDollars: try reader.optionalDouble("CONTACT_DAILY_BUDGET_USD", in: 0...1e9) ?? 0,
                monthlyDollars: try reader.optionalDouble("MONTHLY_BUDGET_USD", in: 0...1e9) ?? 0,
                timeZone: reader.isSet("BUDGET_TIME_ZONE")
                    ? try ToolSettings.zone(reader, "BUDGET_TIME_ZONE", default: defaultTimeZone.identifier)
                    : defaultTimeZone),
            prices: try Self.prices(reader.string("LLM_PRICES")))
    }
}

extension ModelSettings {
    static func prices(_ text: String?) throws(ConfigurationError) -> Prices {
        guard let text else { return Prices() }
        do {
            return try Prices.parse(text)
        } catch {
            throw .invalid(
                "LLM_PRICES",
                mustBe: "model=price entries in US dollars: input/output per million tokens (gpt-4o-mini=0.15/0.60), "
                    + "with audio input/output for realtime models (gpt-realtime=4/16/32/64), per minute heard "
                    + "(whisper-1=0.006/min) or per million characters spoken (tts-1=15/Mchars); not "
                    + "\"\(error.entry)\"", got: text)
        }
    }
}
