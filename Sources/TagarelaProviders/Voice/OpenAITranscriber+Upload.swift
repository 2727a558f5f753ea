import Foundation
import TagarelaCore

extension OpenAITranscriber {
    /// The file part as OpenAI will read it.
    struct Upload {
        var filename: String
        var contentType: String
        var bytes: Data
    }

    /// The filename OpenAI reads the format from, per media type it accepts (OpenAI's audio transcription reference).
    /// Ogg/Opus is always `voice.ogg`: the same bytes named `.opus` are refused with 400 "Unsupported file format
    /// opus".
    static let filenames: [String: (filename: String, contentType: String)] = [
        "audio/ogg": ("voice.ogg", "audio/ogg"),
        "audio/opus": ("voice.ogg", "audio/ogg"),
        "application/ogg": ("voice.ogg", "audio/ogg"),
        "audio/mpeg": ("voice.mp3", "audio/mpeg"),
        "audio/mp3": ("voice.mp3", "audio/mpeg"),
        "audio/wav": ("voice.wav", "audio/wav"),
        "audio/x-wav": ("voice.wav", "audio/wav"),
        "audio/wave": ("voice.wav", "audio/wav"),
        "audio/mp4": ("voice.m4a", "audio/mp4"),
        "audio/m4a": ("voice.m4a", "audio/mp4"),
        "audio/x-m4a": ("voice.m4a", "audio/mp4"),
        "audio/webm": ("voice.webm", "audio/webm"),
        "audio/flac": ("voice.flac", "audio/flac"),
        "audio/x-flac": ("voice.flac", "audio/flac"),
    ]

    /// Checks the clip and names it; a format OpenAI cannot read (WhatsApp's AMR or AAC) is converted to
    /// OGG/Opus first.
    func uploadable(_ clip: AudioClip) async throws -> Upload {
        guard !clip.bytes.isEmpty else { throw VoiceError.invalidAudio("the audio is empty") }
        if let maxDuration, let duration = clip.duration, duration > maxDuration {
            throw VoiceError.audioTooLong(duration: duration, limit: maxDuration)
        }
        var clip = clip
        if Self.filenames[clip.mediaType] == nil {
            clip = try await converter.convert(clip, to: .oggOpus())
        }
        guard clip.bytes.count <= maxUploadBytes else {
            throw VoiceError.audioTooLarge(bytes: clip.bytes.count, limit: maxUploadBytes)
        }
        guard let name = Self.filenames[clip.mediaType] else {
            throw VoiceError.invalidAudio("cannot upload \(clip.contentType) audio")
        }
        return Upload(filename: name.filename, contentType: name.contentType, bytes: clip.bytes)
    }

    /// The ISO-639-1 code OpenAI wants (`pt-BR` → `pt`); nil, and no hint sent, for anything else.
    static func isoLanguage(_ hint: String?) -> String? {
        guard let hint else { return nil }
        let primary = hint.split(whereSeparator: { $0 == "-" || $0 == "_" }).first.map { $0.lowercased() } ?? ""
        guard primary.count == 2, primary.allSatisfy({ $0.isASCII && $0.isLetter }) else { return nil }
        return primary
    }
}
