import Foundation
import TagarelaCore

/// How Tagarela answers by voice (`VOICE_REPLIES`, `TTS_*`, `ELEVENLABS_*`).
public struct SpeechSettings: Sendable, Equatable {
    /// Who speaks the answers.
    public enum Provider: String, Sendable, Equatable, CaseIterable {
        case none
        /// `POST {base}/audio/speech` with `response_format: opus`.
        case openai
        /// `POST {base}/v1/text-to-speech/{voice_id}?output_format=opus_48000_32`.
        case elevenlabs
    }

    /// `VOICE_REPLIES`: `never`, `in-kind` (default) or `always`.
    public var mode: VoiceOutput.Mode
    /// `TTS_PROVIDER`; by default `elevenlabs` when `ELEVENLABS_API_KEY` is set, else `openai` when OpenAI's own
    /// API is configured, else `none`.
    public var provider: Provider
    /// `TTS_BASE_URL` (OpenAI's by default) and `TTS_API_KEY` (`OPENAI_API_KEY` by default). Secret key.
    public var openAIBaseURL: URL
    public var openAIKey: String?
    /// `TTS_MODEL` (`gpt-4o-mini-tts`) and `TTS_VOICE` (`coral`), for OpenAI.
    public var openAIModel: String
    public var openAIVoice: String
    /// `ELEVENLABS_API_KEY` (secret), `ELEVENLABS_VOICE_ID`, `ELEVENLABS_MODEL`, `ELEVENLABS_BASE_URL`.
    public var elevenLabsKey: String?
    public var elevenLabsVoiceID: String?
    public var elevenLabsModel: String
    public var elevenLabsBaseURL: URL
    /// `VOICE_REPLY_WITH_TEXT`: the text goes too.
    public var withText: Bool
    /// `MEDIA_LINK_HOURS`: how long a voice note's link lives (at least 4 hours: Twilio queues, the outbox
    /// retries).
    public var linkLifetime: Duration

    public static let defaultElevenLabsBaseURL = URL(string: "https://api.elevenlabs.io")!
}

extension SpeechSettings {
    init(_ reader: EnvironmentReader, openAI: OpenAIConfiguration?) throws(ConfigurationError) {
        let elevenLabsKey = reader.string("ELEVENLABS_API_KEY")
        let ownOpenAI = openAI?.baseURLIsOpenAI == true && openAI?.apiKey != nil
        let explicitURL = try reader.httpURL("TTS_BASE_URL", example: "https://api.openai.com/v1")
        let fallback: Provider =
            elevenLabsKey != nil ? .elevenlabs : (ownOpenAI || explicitURL != nil ? .openai : .none)
        let provider: Provider = try reader.choice("TTS_PROVIDER", default: fallback)
        let voiceID = reader.string("ELEVENLABS_VOICE_ID")
        if provider == .elevenlabs, elevenLabsKey == nil || voiceID == nil {
            throw ConfigurationError(
                setting: "TTS_PROVIDER",
                message: "TTS_PROVIDER is elevenlabs, but ELEVENLABS_API_KEY and ELEVENLABS_VOICE_ID must both be set")
        }
        let openAIKey = reader.string("TTS_API_KEY") ?? openAI?.apiKey
        let openAIBaseURL = explicitURL ?? (ownOpenAI ? openAI?.baseURL : nil) ?? OpenAIConfiguration.defaultBaseURL
        if provider == .openai, openAIKey == nil, openAIBaseURL.host?.lowercased() == "api.openai.com" {
            throw ConfigurationError(
                setting: "TTS_PROVIDER",
                message: "TTS_PROVIDER is openai, but neither TTS_API_KEY nor OPENAI_API_KEY is set")
        }
        self.init(
            mode: try reader.choice("VOICE_REPLIES", default: .inKind), provider: provider,
            openAIBaseURL: openAIBaseURL, openAIKey: openAIKey,
            openAIModel: reader.string("TTS_MODEL") ?? "gpt-4o-mini-tts",
            openAIVoice: reader.string("TTS_VOICE") ?? "coral",
            elevenLabsKey: elevenLabsKey, elevenLabsVoiceID: voiceID,
            elevenLabsModel: reader.string("ELEVENLABS_MODEL") ?? "eleven_multilingual_v2",
            elevenLabsBaseURL: try reader.httpURL("ELEVENLABS_BASE_URL", example: "https://api.elevenlabs.io")
                ?? Self.defaultElevenLabsBaseURL,
            withText: try reader.bool("VOICE_REPLY_WITH_TEXT", default: false),
            linkLifetime: .seconds(try reader.int("MEDIA_LINK_HOURS", default: 24, in: 4...720) * 3600))
    }
}
