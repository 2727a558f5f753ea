import Foundation

/// Converts between WhatsApp's OGG/Opus and the raw PCM a speech-to-speech model hears and speaks (16-bit
/// little-endian, mono, 24 kHz). The implementation runs ffmpeg (TagarelaProviders' `AudioConverter`).
public protocol PCMConverter: Sendable {
    /// The clip (any format the converter reads) as PCM16 24 kHz mono.
    func pcm(from clip: AudioClip) async throws -> Data
    /// PCM16 24 kHz mono as one OGG/Opus voice note.
    func voiceNote(fromPCM pcm: Data) async throws -> VoiceNote
}

/// Raw PCM as the Realtime API speaks it.
public enum PCM16 {
    public static let sampleRate = 24_000
    /// Two bytes a sample, one channel.
    public static let bytesPerSecond = sampleRate * 2

    /// The playing time of `bytes` of PCM.
    public static func duration(ofBytes bytes: Int) -> Duration {
        .milliseconds(bytes * 1000 / bytesPerSecond)
    }

    /// Cuts `pcm` into `parts` pieces of about equal length, each cut moved to the quietest 20 ms within a
    /// second of where it would fall, so that no word is cut in two where a pause is near.
    public static func split(_ pcm: Data, into parts: Int) -> [Data] {
        let samples = pcm.count / 2
        guard parts > 1, samples > parts else { return [pcm] }
        let frame = sampleRate / 50
        let reach = sampleRate
        var cuts: [Int] = []
        for index in 1..<parts {
            let target = samples * index / parts
            var best = target
            var quietest = Int.max
            var start = max((cuts.last ?? 0) + frame, target - reach)
            while start + frame <= min(samples, target + reach) {
                let energy = energyOf(pcm, from: start, count: frame)
                let middle = start + frame / 2
                // Of equally quiet points, the nearest: steady sound is cut where an even split would cut it.
                if energy < quietest || (energy == quietest && abs(middle - target) < abs(best - target)) {
                    quietest = energy
                    best = middle
                }
                start += frame
            }
            cuts.append(best)
        }
        let bounds = [0] + cuts + [samples]
        return zip(bounds, bounds.dropFirst()).map { from, to in
            pcm.subdata(in: pcm.startIndex + from * 2..<pcm.startIndex + to * 2)
        }
    }

    /// The sum of the absolute sample values over `count` samples from `from`: enough to compare loudness.
    static func energyOf(_ pcm: Data, from: Int, count: Int) -> Int {
        var total = 0
        pcm.withUnsafeBytes { raw in
            let base = raw.baseAddress!
            for sample in from..<from + count {
                let value = Int16(littleEndian: base.loadUnaligned(fromByteOffset: sample * 2, as: Int16.self))
                total += abs(Int(value))
            }
        }
        return total
    }
}
