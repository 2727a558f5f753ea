import Foundation
import TagarelaCore

extension FakeOpenAIAudioHandler {
    /// Transcription models of the 2026-08-21 spec.
    static let transcriptionModels: Set<String> = [
        "whisper-1", "gpt-4o-transcribe", "gpt-4o-mini-transcribe", "gpt-4o-mini-transcribe-2025-12-15",
        "gpt-transcribe", "gpt-4o-transcribe-diarize",
    ]
    /// The extensions OpenAI reads the format from; `opus` is not among them (OpenAI's audio transcription reference).
    static let uploadExtensions: Set<String> = [
        "flac", "m4a", "mp3", "mp4", "mpeg", "mpga", "oga", "ogg", "wav", "webm",
    ]
    static let transcriptionFields: Set<String> = [
        "file", "model", "language", "prompt", "response_format", "temperature", "timestamp_granularities[]",
        "include[]", "stream", "chunking_strategy",
    ]

    /// Multipart framing, then `file` (a known extension, bytes that look like audio), `model`, `language`
    /// and `response_format`.
    func validateTranscription(_ body: Data, into record: inout FakeOpenAI.AudioRequest) -> OpenAIFailure? {
        let contentType = record.headers["content-type"] ?? ""
        guard let boundary = MultipartFormData.boundary(ofContentType: contentType) else {
            return .init(
                status: 400, message: "Unsupported content type: '\(contentType)'. Expected multipart/form-data.")
        }
        guard let parts = MultipartFormData.parse(body, boundary: boundary) else {
            return .init(status: 400, message: "Could not parse multipart form")
        }
        for part in parts where part.name != "file" {
            record.fields[part.name] = String(decoding: part.body, as: UTF8.self)
        }
        if let unknown = parts.map(\.name).first(where: { !Self.transcriptionFields.contains($0) }) {
            return .invalid(
                "Unrecognized request argument supplied: \(unknown)", param: unknown, code: "unknown_parameter")
        }
        guard let file = parts.first(where: { $0.name == "file" }), let filename = file.filename else {
            return .invalid("Missing required parameter: 'file'.", param: "file", code: "missing_required_parameter")
        }
        record.filename = filename
        record.fileContentType = file.contentType
        record.fileBytes = file.body
        let fileExtension =
            filename.split(separator: ".").count > 1
            ? filename.split(separator: ".").last.map { $0.lowercased() } ?? "" : ""
        // The observed answer for Ogg/Opus bytes named `.opus` (OpenAI's audio transcription reference).
        guard Self.uploadExtensions.contains(fileExtension) else {
            return .init(status: 400, message: "Unsupported file format \(fileExtension)")
        }
        guard Self.looksLikeAudio(file.body, fileExtension: fileExtension) else {
            return .invalid("Audio file might be corrupted or unsupported", param: "file", code: "invalid_value")
        }
        guard let model = record.fields["model"], !model.isEmpty else {
            return .init(status: 400, message: "you must provide a model parameter")
        }
        record.model = model
        guard Self.transcriptionModels.contains(model) else {
            return .invalid("Invalid model \(model).", param: "model", code: "model_not_found")
        }
        if let language = record.fields["language"],
            language.count != 2 || !language.allSatisfy({ $0.isASCII && $0.isLowercase })
        {
            return .invalid(
                "Invalid language '\(language)'. Language parameter must be specified in ISO-639-1 format.",
                param: "language", code: "invalid_language_format")
        }
        return validateResponseFormat(record.fields["response_format"], model: model)
    }

    /// gpt-4o transcription models answer only `json` (OpenAI's audio transcription reference).
    func validateResponseFormat(_ format: String?, model: String) -> OpenAIFailure? {
        guard let format else { return nil }
        let allowed = model == "whisper-1" ? ["json", "text", "srt", "verbose_json", "vtt"] : ["json"]
        guard allowed.contains(format) else {
            return .invalid(
                "response_format '\(format)' is not compatible with model '\(model)'.", param: "response_format",
                code: "unsupported_value")
        }
        return nil
    }

    /// The magic bytes of the container the extension names; OpenAI decodes the file, the fake only looks.
    static func looksLikeAudio(_ bytes: Data, fileExtension: String) -> Bool {
        func starts(_ text: String) -> Bool { bytes.starts(with: Data(text.utf8)) }
        switch fileExtension {
        case "ogg", "oga": return starts("OggS")
        case "wav": return starts("RIFF")
        case "flac": return starts("fLaC")
        case "mp3", "mpeg", "mpga":
            return starts("ID3")
                || (bytes.count > 1 && bytes.first == 0xFF && bytes[bytes.startIndex + 1] & 0xE0 == 0xE0)
        default: return !bytes.isEmpty
        }
    }
}
