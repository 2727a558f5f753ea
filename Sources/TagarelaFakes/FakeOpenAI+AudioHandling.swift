import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import NIOCore

/// `POST /v1/audio/transcriptions` and `POST /v1/audio/speech`, checked as OpenAI checks them; every other
/// path is left to the chat handler.
struct FakeOpenAIAudioHandler: Sendable {
    let apiKey: String?
    let state: FakeOpenAI.AudioState

    /// Uploads stop at 25 MiB (OpenAI's audio transcription reference).
    static let maxUploadBytes = 25 * 1024 * 1024

    /// The answer for an audio path, nil for any other.
    func handle(_ request: HummingbirdCore.Request) async -> Response? {
        let path = request.uri.path
        guard path == "/v1/audio/transcriptions" || path == "/v1/audio/speech" else { return nil }
        var headers: [String: String] = [:]
        for field in request.headers { headers[field.name.canonicalName] = field.value }
        var record = FakeOpenAI.AudioRequest(path: path, headers: headers)
        let body = try? await request.body.collect(upTo: Self.maxUploadBytes + (1 << 20))
        let failure: OpenAIFailure?
        if let authFailure = OpenAIFailure.authentication(expected: apiKey, given: record.authorization) {
            failure = authFailure
        } else if request.method != .post {
            failure = OpenAIFailure(status: 405, message: "Method Not Allowed")
        } else if let body {
            let data = Data(body.readableBytesView)
            failure =
                path.hasSuffix("/speech")
                ? validateSpeech(data, into: &record) : validateTranscription(data, into: &record)
        } else {
            failure = OpenAIFailure(
                status: 413, message: "Maximum content size limit (\(Self.maxUploadBytes)) exceeded.",
                type: "server_error")
        }
        if let failure {
            record.rejection = failure.message
            await state.record(record)
            return failure.response
        }
        await state.record(record)
        return await respond(await state.reply(to: record), to: record)
    }

    func respond(_ reply: FakeOpenAI.AudioReply, to request: FakeOpenAI.AudioRequest) async -> Response {
        switch reply {
        case .transcript(let text, let language):
            var answer: [String: Any] = ["text": text]
            if request.fields["response_format"] == "verbose_json" { answer["language"] = language ?? "portuguese" }
            return jsonResponse(status: 200, answer)
        case .speech:
            let format = Self.toneFormat(request.responseFormat ?? "mp3")
            let seconds = FakeAudio.speechSeconds(for: request.input ?? "")
            guard let audio = try? await FakeAudio.tone(seconds: seconds, format: format) else {
                return OpenAIFailure(status: 500, message: "the fake's ffmpeg failed", type: "server_error").response
            }
            return binaryResponse(audio, contentType: "application/octet-stream")
        case .audio(let bytes, let contentType):
            return binaryResponse(bytes, contentType: contentType)
        case .error(let status, let code, let type, let message, let retryAfter):
            var failure = OpenAIFailure(status: status, message: message, type: type, code: code)
            failure.headers["Retry-After"] = retryAfter
            return failure.response
        }
    }

    /// The tone for a speech `response_format`; Opus comes in an Ogg container at 32 kbit/s.
    static func toneFormat(_ responseFormat: String) -> FakeAudio.Format {
        switch responseFormat {
        case "opus": .oggOpus(kilobits: 32)
        case "wav": .wav
        case "pcm": .pcm(sampleRate: 24_000)
        default: .mp3(kilobits: 64)
        }
    }
}
