import AsyncHTTPClient
import Foundation
import Logging
import TagarelaCore

/// A `SpeechSynthesizer` for ElevenLabs' `POST /v1/text-to-speech/{voice_id}`, asking for Opus at 48 kHz.
public struct ElevenLabsSynthesizer: SpeechSynthesizer {
    public let name = "elevenlabs"
    public var modelName: String? { modelID }

    let http: VoiceHTTP
    let endpoint: String
    let apiKey: String
    let modelID: String
    let maxCharactersPerRequest: Int
    let limits: VoiceNoteLimits
    let converter: AudioConverter

    /// `baseURL` is the host without `/v1` (`https://api.elevenlabs.io`). The default is MP3, so the output
    /// format is always sent (ElevenLabs' text-to-speech reference); `opus_48000_32` is 32 kbit/s, plenty for a voice.
    /// `maxCharactersPerRequest` is the model's limit (10,000 for eleven_multilingual_v2).
    public init(
        httpClient: HTTPClient,
        baseURL: String = "https://api.elevenlabs.io",
        apiKey: String,
        voiceID: String,
        modelID: String = "eleven_multilingual_v2",
        outputFormat: String = "opus_48000_32",
        maxCharactersPerRequest: Int = 10_000,
        timeout: Duration = .seconds(60),
        retryPolicy: RetryPolicy = RetryPolicy(),
        limits: VoiceNoteLimits = .whatsApp,
        converter: AudioConverter = AudioConverter(),
        timeSource: any TimeSource,
        logger: Logger
    ) {
        self.http = VoiceHTTP(
            client: httpClient, timeout: timeout, retryPolicy: retryPolicy, timeSource: timeSource, logger: logger)
        let voice = voiceID.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(["/"])) ?? voiceID
        let format = outputFormat.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed) ?? outputFormat
        self.endpoint = VoiceHTTP.endpoint(baseURL, "/v1/text-to-speech/\(voice)?output_format=\(format)")
        self.apiKey = apiKey
        self.modelID = modelID
        self.maxCharactersPerRequest = maxCharactersPerRequest
        self.limits = limits
        self.converter = converter
    }

    public func synthesize(_ text: String) async throws -> [VoiceNote] {
        try await VoiceNoteComposer.compose(
            text, limits: limits, maxCharactersPerRequest: maxCharactersPerRequest
        ) { part in
            try await speak(part)
        }
    }

    /// One note for `part`; an MP3 answer (a plan without Opus, a proxy) is converted with ffmpeg.
    func speak(_ part: String) async throws -> VoiceNote {
        let request = ElevenLabsSpeechRequest(text: part, modelID: modelID)
        return try await http.speech(
            request, to: endpoint, headers: [("xi-api-key", apiKey)], provider: name, converter: converter
        ) { status, headers, body in
            ElevenLabsErrorAnswer.failure(status: status, headers: headers, body: body, now: http.timeSource.now())
        }
    }
}

/// The JSON body of a text-to-speech request; the voice's stored settings apply.
struct ElevenLabsSpeechRequest: Encodable {
    var text: String
    var modelID: String

    enum CodingKeys: String, CodingKey {
        case text
        case modelID = "model_id"
    }
}
