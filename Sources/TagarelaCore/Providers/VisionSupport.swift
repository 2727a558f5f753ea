import Foundation

/// `LLM_VISION`: whether the model is shown images, or a text note for each.
public enum VisionSupport: String, Sendable, Equatable, CaseIterable {
    /// On for OpenAI's own API and Gemini, off for other OpenAI-compatible servers (many local models are
    /// text-only and refuse image parts).
    case auto
    case on
    case off

    /// The wire a provider speaks, as far as seeing goes.
    public enum API: Sendable, Equatable, CaseIterable {
        case openAIResponses, openAIChat, gemini
    }

    /// Whether a provider speaking `api` at `baseURL` is shown images.
    public func isEnabled(for api: API, baseURL: String) -> Bool {
        switch self {
        case .on: true
        case .off: false
        case .auto:
            switch api {
            case .gemini: true
            case .openAIResponses, .openAIChat: Self.isOpenAIsOwn(baseURL: baseURL)
            }
        }
    }

    /// Whether `baseURL` is OpenAI's own API (`api.openai.com`), not a server that copies it.
    public static func isOpenAIsOwn(baseURL: String) -> Bool {
        URLComponents(string: baseURL)?.host?.lowercased() == "api.openai.com"
    }
}
