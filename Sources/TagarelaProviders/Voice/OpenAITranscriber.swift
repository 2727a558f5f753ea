import AsyncHTTPClient
import Foundation
import Logging
import TagarelaCore

/// A `Transcriber` for OpenAI's `POST /audio/transcriptions` and the local servers that copy it
/// (faster-whisper-server, speaches).
public struct OpenAITranscriber: Transcriber {
    public let name = "openai-transcription"
    /// OpenAI's documented upload limit (OpenAI's audio transcription reference).
    public static let maxUploadBytes = 25 * 1024 * 1024

    let http: VoiceHTTP
    let endpoint: String
    let apiKey: String?
    let model: String
    let maxUploadBytes: Int
    let maxDuration: Duration?
    let converter: AudioConverter

    /// `baseURL` already ends in `/v1`; `apiKey` is nil for local servers that need none. `maxDuration`, when
    /// set, refuses clips known to be longer before uploading them. `converter` turns formats OpenAI does not
    /// read (AMR, AAC) into OGG/Opus.
    public init(
        httpClient: HTTPClient,
        baseURL: String,
        apiKey: String?,
        model: String = "gpt-4o-transcribe",
        timeout: Duration = .seconds(60),
        retryPolicy: RetryPolicy = RetryPolicy(),
        maxUploadBytes: Int = OpenAITranscriber.maxUploadBytes,
        maxDuration: Duration? = nil,
        converter: AudioConverter = AudioConverter(),
        timeSource: any TimeSource,
        logger: Logger
    ) {
        self.http = VoiceHTTP(
            client: httpClient, timeout: timeout, retryPolicy: retryPolicy, timeSource: timeSource, logger: logger)
        self.endpoint = VoiceHTTP.endpoint(baseURL, "/audio/transcriptions")
        self.apiKey = apiKey.flatMap { $0.isEmpty ? nil : $0 }
        self.model = model
        self.maxUploadBytes = maxUploadBytes
        self.maxDuration = maxDuration
        self.converter = converter
    }

    public func transcribe(_ clip: AudioClip, languageHint: String?) async throws -> Transcript {
        let started = ContinuousClock.now
        let upload = try await uploadable(clip)
        var form = MultipartFormData()
        form.addFile("file", filename: upload.filename, contentType: upload.contentType, bytes: upload.bytes)
        form.addField("model", model)
        if let language = Self.isoLanguage(languageHint) { form.addField("language", language) }
        // `json` is the one format every transcription model accepts (the gpt-4o ones accept no other).
        form.addField("response_format", "json")
        let body = form.encoded()
        var headers = [("Content-Type", form.contentType)]
        if let apiKey { headers.append(("Authorization", "Bearer \(apiKey)")) }
        let answer = try await http.run(name) {
            try await attempt(body: body, headers: headers)
        }
        return Transcript(
            text: answer.text.trimmingCharacters(in: .whitespacesAndNewlines),
            language: answer.language,
            provider: name,
            model: model,
            latency: ContinuousClock.now - started
        )
    }

    /// One POST; the answer's `text` (and `language`, which only `verbose_json` carries).
    func attempt(body: Data, headers: [(String, String)]) async throws -> TranscriptionResponse {
        let (status, answerHeaders, bytes) = try await http.post(
            body, to: endpoint, headers: headers, provider: name, maxBodySize: 4 * 1024 * 1024)
        guard (200..<300).contains(status) else {
            throw OpenAIErrorAnswer.failure(
                status: status, headers: answerHeaders, body: bytes, now: http.timeSource.now())
        }
        do {
            return try JSONDecoder().decode(TranscriptionResponse.self, from: bytes)
        } catch {
            throw VoiceError.invalidResponse(
                "not a transcription: \(String(decoding: bytes.prefix(200), as: UTF8.self))")
        }
    }
}

/// The `json` (and `verbose_json`) answer of a transcription.
struct TranscriptionResponse: Decodable {
    var text: String
    var language: String?
}
