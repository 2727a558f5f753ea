import Foundation

/// How voice notes are heard (`TRANSCRIPTION_*`) and converted (`FFMPEG_PATH`).
public struct VoiceSettings: Sendable, Equatable {
    /// Who transcribes voice notes.
    public enum Transcription: String, Sendable, Equatable, CaseIterable {
        /// Voice notes get the "unsupported" notice.
        case none
        /// `POST {base}/audio/transcriptions`: OpenAI, or any compatible server (a local faster-whisper).
        case openai
        /// Gemini `generateContent` with the audio inline (`GEMINI_API_KEY`, `GEMINI_BASE_URL`).
        case gemini
    }

    /// `TRANSCRIPTION_PROVIDER`; by default `openai` when OpenAI's own API is configured or
    /// `TRANSCRIPTION_BASE_URL` is set, else `none` (a local chat server rarely transcribes).
    public var transcription: Transcription
    /// `TRANSCRIPTION_BASE_URL`, ending in `/v1`; OpenAI's own by default.
    public var baseURL: URL
    /// `TRANSCRIPTION_API_KEY`, else `OPENAI_API_KEY`; a local server may need none. Secret.
    public var apiKey: String?
    /// `TRANSCRIPTION_MODEL`; for Gemini, `GEMINI_MODEL` unless set.
    public var model: String
    /// `TRANSCRIPTION_LANGUAGE`, e.g. `pt`: a hint; the provider detects the language without it.
    public var languageHint: String?
    /// `VOICE_ECHO_TRANSCRIPT`: send the transcript back to the contact before the answer.
    public var echoTranscripts: Bool
    /// `FFMPEG_PATH`, for converting audio where a provider needs another format.
    public var ffmpegPath: String
    /// `MAX_VOICE_NOTE_SECONDS`: longer notes are not transcribed (the contact is asked to type).
    public var maxDuration: Duration
    /// `VOICE_RETENTION_DAYS`: how long the contacts' voice notes are kept for the dashboard; zero keeps none.
    public var retention: Duration

    public static let defaultModel = "gpt-4o-transcribe"
}

extension VoiceSettings {
    init(
        _ reader: EnvironmentReader, openAI: OpenAIConfiguration?, gemini: GeminiConfiguration?
    ) throws(ConfigurationError) {
        let explicitURL = try reader.httpURL("TRANSCRIPTION_BASE_URL", example: "http://localhost:8000/v1")
        let apiKey = reader.string("TRANSCRIPTION_API_KEY") ?? openAI?.apiKey
        let usesOpenAI = openAI?.baseURLIsOpenAI == true && openAI?.apiKey != nil
        let transcription: Transcription = try reader.choice(
            "TRANSCRIPTION_PROVIDER", default: explicitURL != nil || usesOpenAI ? .openai : .none)
        let baseURL = explicitURL ?? (usesOpenAI ? openAI?.baseURL : nil) ?? OpenAIConfiguration.defaultBaseURL
        if transcription == .openai, apiKey == nil, baseURL.host?.lowercased() == "api.openai.com" {
            throw ConfigurationError(
                setting: "TRANSCRIPTION_PROVIDER",
                message: "TRANSCRIPTION_PROVIDER is openai, but neither TRANSCRIPTION_API_KEY nor OPENAI_API_KEY is set"
            )
        }
        if transcription == .gemini, gemini == nil {
            throw ConfigurationError(
                setting: "TRANSCRIPTION_PROVIDER",
                message: "TRANSCRIPTION_PROVIDER is gemini, but GEMINI_API_KEY is not set")
        }
        let defaultModel = transcription == .gemini ? gemini?.model ?? Self.defaultModel : Self.defaultModel
        self.init(
            transcription: transcription, baseURL: baseURL, apiKey: apiKey,
            model: reader.string("TRANSCRIPTION_MODEL") ?? defaultModel,
            languageHint: reader.string("TRANSCRIPTION_LANGUAGE"),
            echoTranscripts: try reader.bool("VOICE_ECHO_TRANSCRIPT", default: false),
            ffmpegPath: reader.string("FFMPEG_PATH") ?? "ffmpeg",
            maxDuration: .seconds(try reader.int("MAX_VOICE_NOTE_SECONDS", default: 600, in: 1...7200)),
            retention: .seconds(try reader.int("VOICE_RETENTION_DAYS", default: 30, in: 0...3650) * 86_400))
    }
}
