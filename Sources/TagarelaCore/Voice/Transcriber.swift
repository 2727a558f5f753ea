/// Turns a voice message into text. Implementations live in TagarelaProviders; retries, timeouts and size
/// limits are their own business, and they throw `VoiceError`.
public protocol Transcriber: Sendable {
    /// A short name recorded with the transcript ("openai-transcription"...).
    var name: String { get }
    /// Transcribes `clip`. `languageHint` is a BCP-47 or ISO-639-1 code (`pt-BR`, `pt`): speech recognisers
    /// guess badly on short notes, and the contact's language is usually known.
    func transcribe(_ clip: AudioClip, languageHint: String?) async throws -> Transcript
}

/// What a transcriber heard, with enough provenance to log and bill it.
public struct Transcript: Sendable, Equatable {
    /// The text; empty when the clip held no speech (silence is not an error).
    public var text: String
    /// The language the provider detected, when it says (OpenAI's `json` answer does not).
    public var language: String?
    public var provider: String
    public var model: String
    /// From the first request to the answer, retries and waits included.
    public var latency: Duration

    public init(text: String, language: String?, provider: String, model: String, latency: Duration) {
        self.text = text
        self.language = language
        self.provider = provider
        self.model = model
        self.latency = latency
    }
}
