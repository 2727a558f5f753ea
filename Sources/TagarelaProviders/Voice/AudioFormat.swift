/// The formats the converter writes, each with the ffmpeg options that make it.
public enum AudioFormat: Sendable, Equatable {
    /// A WhatsApp voice note: Ogg, Opus, mono, 48 kHz, tuned for speech (`-application voip`).
    case oggOpus(bitrate: Int = 32_000)
    /// MP3, for providers that want it.
    case mp3(bitrate: Int = 64_000)
    /// 16-bit PCM WAV, mono, at `sampleRate`: what speech recognisers read most easily.
    case wav(sampleRate: Int = 16_000)
    /// Raw 16-bit little-endian PCM, mono, no header: what OpenAI's Realtime API hears (at 24 kHz).
    case pcm16(sampleRate: Int = 24_000)

    public var fileExtension: String {
        switch self {
        case .oggOpus: "ogg"
        case .mp3: "mp3"
        case .wav: "wav"
        case .pcm16: "pcm"
        }
    }

    public var contentType: String {
        switch self {
        case .oggOpus: "audio/ogg"
        case .mp3: "audio/mpeg"
        case .wav: "audio/wav"
        case .pcm16: "audio/pcm"
        }
    }

    /// The output options, after `-i input`; every format is mono, since voices need no stereo.
    var ffmpegOptions: [String] {
        switch self {
        case .oggOpus(let bitrate):
            ["-ac", "1", "-ar", "48000", "-c:a", "libopus", "-b:a", "\(bitrate)", "-application", "voip", "-f", "ogg"]
        case .mp3(let bitrate):
            ["-ac", "1", "-c:a", "libmp3lame", "-b:a", "\(bitrate)", "-f", "mp3"]
        case .wav(let sampleRate):
            ["-ac", "1", "-ar", "\(sampleRate)", "-c:a", "pcm_s16le", "-f", "wav"]
        case .pcm16(let sampleRate):
            ["-ac", "1", "-ar", "\(sampleRate)", "-c:a", "pcm_s16le", "-f", "s16le"]
        }
    }
}
