import AsyncHTTPClient
import Foundation
import Logging
import TagarelaCore

/// A `SpeechSynthesizer` for OpenAI's `POST /audio/speech`, asking for Opus so no conversion is needed.
public struct OpenAISpeechSynthesizer: SpeechSynthesizer {
    public let name = "openai-speech"
    /// The longest `input` OpenAI accepts (OpenAI's speech reference).
    public static let maxInputCharacters = 4_096

    let http: VoiceHTTP
    let endpoint: String
    let apiKey: String?
    let model: String
    public var modelName: String? { model }
    let voice: String
    let instructions: String?
    let limits: VoiceNoteLimits
    let converter: AudioConverter

    /// `baseURL` already ends in `/v1`; `apiKey` is nil for local servers that need none. `instructions`
    /// (tone, accent) work only with the gpt-4o TTS models.
    public init(
        httpClient: HTTPClient,
        baseURL: String,
        apiKey: String?,
        model: String = "gpt-4o-mini-tts",
        voice: String = "coral",
        instructions: String? = nil,
        timeout: Duration = .seconds(60),
        retryPolicy: RetryPolicy = RetryPolicy(),
        limits: VoiceNoteLimits = .whatsApp,
        converter: AudioConverter = AudioConverter(),
        timeSource: any TimeSource,
        logger: Logger
    ) {
        self.http = VoiceHTTP(
            client: httpClient, timeout: timeout, retryPolicy: retryPolicy, timeSource: timeSource, logger: logger)
        self.endpoint = VoiceHTTP.endpoint(baseURL, "/audio/speech")
        self.apiKey = apiKey.flatMap { $0.isEmpty ? nil : $0 }
        self.model = model
        self.voice = voice
        self.instructions = instructions.flatMap { $0.isEmpty ? nil : $0 }
        self.limits = limits
        self.converter = converter
    }

    public func synthesize(_ text: String) async throws -> [VoiceNote] {
        try await VoiceNoteComposer.compose(
            text, limits: limits, maxCharactersPerRequest: Self.maxInputCharacters
        ) { part in
            try await speak(part)
        }
    }

    /// One note for `part` (at most 4,096 characters), converted when the answer is not OGG/Opus.
    func speak(_ part: String) async throws -> VoiceNote {
        let payload = SpeechRequest(
            model: model, input: part, voice: voice, responseFormat: "opus", instructions: instructions)
        let headers = apiKey.map { [("Authorization", "Bearer \($0)")] } ?? []
        return try await http.speech(payload, to: endpoint, headers: headers, provider: name, converter: converter) {
            status, headers, body in
            OpenAIErrorAnswer.failure(status: status, headers: headers, body: body, now: http.timeSource.now())
        }
    }
}

/// The JSON body of `POST /audio/speech`.
struct SpeechRequest: Encodable {
    var model: String
    var input: String
    var voice: String
    var responseFormat: String
    var instructions: String?

    enum CodingKeys: String, CodingKey {
        case model, input, voice, instructions
        case responseFormat = "response_format"
    }
}
