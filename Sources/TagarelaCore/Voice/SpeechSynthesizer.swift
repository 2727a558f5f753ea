import Foundation

/// Speaks a reply as WhatsApp voice notes. Implementations live in TagarelaProviders and throw `VoiceError`.
public protocol SpeechSynthesizer: Sendable {
    /// A short name for logs ("openai-speech", "elevenlabs"...).
    var name: String { get }
    /// The model that speaks (`tts-1`, `eleven_multilingual_v2`), which `LLM_PRICES` prices; nil when unknown.
    var modelName: String? { get }
    /// The notes that say `text`, in order; each is OGG/Opus and within `VoiceNoteLimits`. Blank text gives
    /// no notes.
    func synthesize(_ text: String) async throws -> [VoiceNote]
}

extension SpeechSynthesizer {
    public var modelName: String? { nil }
}

/// One WhatsApp voice note: OGG/Opus, because only that shows as a playable voice message (Meta's supported media
/// types).
public struct VoiceNote: Sendable, Equatable {
    /// Always `audio/ogg`: WhatsApp shows the voice-note UI only for Ogg with Opus inside.
    public static let contentType = "audio/ogg"

    public var bytes: Data
    /// The playing time, when the Ogg stream says it; nil when unknown.
    public var duration: Duration?

    public var byteCount: Int { bytes.count }

    /// A note from bytes the caller vouches for (tests, or audio already checked).
    public init(bytes: Data, duration: Duration?) {
        self.bytes = bytes
        self.duration = duration
    }

    /// A note from bytes that must be an Ogg stream carrying Opus; nil otherwise. The duration is read from
    /// the stream itself, so no ffprobe is needed.
    public init?(oggOpus bytes: Data) {
        guard OggOpus.isOggOpus(bytes) else { return nil }
        self.init(bytes: bytes, duration: OggOpus.duration(of: bytes))
    }
}

/// What WhatsApp accepts as one voice note, and how many notes one reply may become.
public struct VoiceNoteLimits: Sendable, Equatable {
    /// The largest note: WhatsApp shows the play button only up to 512 KB; 500,000 bytes is under it
    /// whether KB means 1,000 or 1,024 bytes.
    public var maxNoteBytes: Int
    /// More notes than this and the reply is refused rather than spoken (nobody listens to ten notes).
    public var maxNotes: Int
    /// The text sent per request: about 1,500 characters is 100 seconds of speech, which at 32 kbit/s is
    /// about 400 KB, so most notes fit at the first try.
    public var charactersPerNote: Int

    public init(maxNoteBytes: Int = 500_000, maxNotes: Int = 5, charactersPerNote: Int = 1_500) {
        self.maxNoteBytes = maxNoteBytes
        self.maxNotes = max(1, maxNotes)
        self.charactersPerNote = max(MessageSplitter.minimumLimit, charactersPerNote)
    }

    public static let whatsApp = VoiceNoteLimits()
}
