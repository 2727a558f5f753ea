import AsyncHTTPClient
import Foundation
import Logging
import TagarelaCore

/// A `Transcriber` that sends the voice note inline to Gemini's `generateContent` and asks for the words (Gemini API
/// reference, generateContent: `inlineData`, `audio/ogg` among the accepted types, about 20 MB per request).
public struct GeminiTranscriber: Transcriber {
    public let name = "gemini-transcription"
    /// Gemini takes about 20 MB inline per request, base64 and prompt included.
    public static let maxInlineBytes = 14 * 1024 * 1024

    let gemini: GeminiProvider
    let converter: AudioConverter

    /// `gemini` carries the endpoint, key, model, timeout and retries; its answers are read as Gemini's.
    public init(gemini: GeminiProvider, converter: AudioConverter = AudioConverter()) {
        self.gemini = gemini
        self.converter = converter
    }

    /// The audio types Gemini reads; anything else becomes an Ogg/Opus voice note first.
    static let readable: Set<String> = [
        "audio/wav", "audio/mp3", "audio/mpeg", "audio/aiff", "audio/aac", "audio/ogg", "audio/flac",
    ]

    public func transcribe(_ clip: AudioClip, languageHint: String?) async throws -> Transcript {
        let started = ContinuousClock.now
        guard !clip.bytes.isEmpty else { throw VoiceError.invalidAudio("the voice note is empty") }
        var audio = clip
        if !Self.readable.contains(clip.mediaType) {
            audio = AudioClip(bytes: try await converter.voiceNote(from: clip).bytes, contentType: "audio/ogg")
        }
        guard audio.bytes.count <= Self.maxInlineBytes else {
            throw VoiceError.audioTooLarge(bytes: audio.bytes.count, limit: Self.maxInlineBytes)
        }
        let body = try JSONEncoder().encode(Self.request(audio, languageHint: languageHint))
        let reply: LLMReply
        do {
            reply = try await gemini.connection.attempts(name) { try await gemini.attemptReply(body: body) }
        } catch let error as LLMError {
            throw VoiceError(error)
        }
        return Transcript(
            text: reply.text.trimmingCharacters(in: .whitespacesAndNewlines), language: nil, provider: name,
            model: reply.model, latency: ContinuousClock.now - started)
    }

    /// The instruction, then the audio inline; temperature 0, for the words said rather than a paraphrase.
    static func request(_ audio: AudioClip, languageHint: String?) -> JSONValue {
        var instruction =
            "Transcribe this voice message word for word, in the language it is spoken. Answer with the "
            + "transcript only, no comments. If nothing is said, answer with nothing."
        if let languageHint, !languageHint.isEmpty { instruction += " It is probably in \(languageHint)." }
        return [
            "contents": [
                [
                    "role": "user",
                    "parts": [
                        ["text": .string(instruction)],
                        [
                            "inlineData": [
                                "mimeType": .string(audio.mediaType),
                                "data": .string(audio.bytes.base64EncodedString()),
                            ]
                        ],
                    ],
                ]
            ],
            "generationConfig": ["temperature": 0],
        ]
    }
}
