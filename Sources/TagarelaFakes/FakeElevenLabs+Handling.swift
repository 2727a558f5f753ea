import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import NIOCore

/// Checks one request the way ElevenLabs does (FastAPI: 422 for a malformed request), records it, answers.
struct FakeElevenLabsHandler: Sendable {
    let apiKey: String
    let voiceIDs: Set<String>
    let state: FakeElevenLabs.State

    static let models: Set<String> = [
        "eleven_multilingual_v2", "eleven_flash_v2_5", "eleven_turbo_v2_5", "eleven_v3", "eleven_flash_v2",
        "eleven_turbo_v2", "eleven_monolingual_v1", "eleven_multilingual_v1",
    ]

    func handle(_ request: HummingbirdCore.Request) async -> Response {
        let body = await FakeServer.body(of: request, upTo: 1 << 20)
        var headers: [String: String] = [:]
        for field in request.headers { headers[field.name.canonicalName] = field.value }
        var record = FakeElevenLabs.Request(
            method: request.method.rawValue, path: request.uri.path, headers: headers,
            voiceID: nil, outputFormat: request.uri.queryParameters["output_format"].map(String.init),
            rawJSON: String(buffer: body))
        if record.method == "GET", record.path.hasPrefix("/v1/voices/") { return await getVoice(&record) }
        if let failure = validate(&record, body: Data(body.readableBytesView)) {
            record.rejection = failure.message
            await state.record(record)
            return failure.response
        }
        await state.record(record)
        return await respond(await state.reply(to: record), to: record)
    }

    /// Route, key, voice, query, then body, in the order the real API seems to check them.
    func validate(_ record: inout FakeElevenLabs.Request, body: Data) -> ElevenLabsFailure? {
        let parts = record.path.split(separator: "/").map(String.init)
        guard record.method == "POST", parts.count == 3, parts[0] == "v1", parts[1] == "text-to-speech" else {
            return ElevenLabsFailure(status: 404, plain: "Not Found")
        }
        record.voiceID = parts[2]
        if let failure = keyFailure(record) { return failure }
        guard voiceIDs.contains(parts[2]) else {
            return ElevenLabsFailure(
                status: 404, detailStatus: "voice_not_found",
                message: "A voice with the voice_id \(parts[2]) was not found.")
        }
        if let format = record.outputFormat, !FakeElevenLabs.outputFormats.contains(format) {
            return .validation(["query", "output_format"], "Input should be a valid output format", "enum")
        }
        guard record.headers["content-type"]?.lowercased().hasPrefix("application/json") == true,
            let object = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any]
        else { return .validation(["body"], "JSON decode error", "json_invalid") }
        guard let textValue = object["text"] else { return .validation(["body", "text"], "Field required", "missing") }
        guard let text = textValue as? String else {
            return .validation(["body", "text"], "Input should be a valid string", "string_type")
        }
        record.text = text
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            return ElevenLabsFailure(status: 400, detailStatus: "empty_text", message: "Text must not be empty.")
        }
        if let model = object["model_id"] {
            guard let model = model as? String, Self.models.contains(model) else {
                return ElevenLabsFailure(status: 400, detailStatus: "model_not_found", message: "Model not found.")
            }
            record.modelID = model
        }
        // eleven_multilingual_v2 takes at most 10,000 characters per request.
        if text.count > 10_000 {
            return ElevenLabsFailure(
                status: 400, detailStatus: "max_character_limit_exceeded",
                message: "Text is \(text.count) characters, the limit is 10000.")
        }
        return nil
    }

    func respond(_ reply: FakeElevenLabs.Reply, to request: FakeElevenLabs.Request) async -> Response {
        switch reply {
        case .speech:
            let format = Self.toneFormat(request.outputFormat ?? "mp3_44100_128")
            let seconds = FakeAudio.speechSeconds(for: request.text ?? "")
            guard let audio = try? await FakeAudio.tone(seconds: seconds, format: format.format) else {
                return ElevenLabsFailure(status: 500, detailStatus: "fake_error", message: "ffmpeg failed").response
            }
            return binaryResponse(audio, contentType: format.contentType)
        case .audio(let bytes, let contentType):
            return binaryResponse(bytes, contentType: contentType)
        case .error(let status, let detailStatus, let message, let retryAfter):
            var failure = ElevenLabsFailure(status: status, detailStatus: detailStatus, message: message)
            failure.headers["Retry-After"] = retryAfter
            return failure.response
        case .delayed(let duration, let next):
            try? await Task.sleep(for: duration)
            return await respond(next, to: request)
        }
    }

    /// The tone that matches an `output_format` such as `opus_48000_32` or `mp3_44100_128`.
    static func toneFormat(_ outputFormat: String) -> (format: FakeAudio.Format, contentType: String) {
        let fields = outputFormat.split(separator: "_")
        let number = fields.count > 1 ? Int(fields[fields.count - 1]) ?? 0 : 0
        switch fields.first {
        case "opus": return (.oggOpus(kilobits: number), "audio/ogg")
        case "pcm": return (.pcm(sampleRate: number), "audio/pcm")
        default: return (.mp3(kilobits: max(32, number)), "audio/mpeg")
        }
    }
}

/// An ElevenLabs error: `{"detail":{"status","message"}}`, FastAPI's 422 list, or a plain `{"detail":"…"}`.
struct ElevenLabsFailure {
    var status: Int
    var detail: Any
    var message: String
    var headers: [String: String] = [:]

    init(status: Int, detailStatus: String, message: String) {
        self.status = status
        self.detail = ["status": detailStatus, "message": message]
        self.message = message
    }

    init(status: Int, plain: String) {
        self.status = status
        self.detail = plain
        self.message = plain
    }

    static func validation(_ location: [String], _ message: String, _ type: String) -> ElevenLabsFailure {
        var failure = ElevenLabsFailure(status: 422, plain: message)
        failure.detail = [["loc": location, "msg": message, "type": type]]
        return failure
    }

    var response: Response { jsonResponse(status: status, ["detail": detail], headers: headers) }
}
