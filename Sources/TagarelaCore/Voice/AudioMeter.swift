/// Measures how long a clip really plays, by decoding it or counting its packets, never from a container field the
/// sender wrote (an Ogg page, an MP3 header or an MP4 box can claim anything).
public protocol AudioMeter: Sendable {
    /// The clip's playing time; past `limit` the measuring stops, and what it returns is more than `limit`.
    func measure(_ clip: AudioClip, stoppingAfter limit: Duration) async throws -> Duration
}

/// Ogg Opus only, by counting its packets: what needs no ffmpeg. Anything else cannot be measured and is refused.
public struct OggOpusMeter: AudioMeter {
    public init() {}

    public func measure(_ clip: AudioClip, stoppingAfter limit: Duration) async throws -> Duration {
        guard let duration = OggOpus.countedDuration(of: clip.bytes, stoppingAfter: limit) else {
            throw VoiceError.invalidAudio("only Ogg Opus notes can be measured without ffmpeg")
        }
        return duration
    }
}
