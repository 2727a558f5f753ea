import Foundation
import TagarelaCore

extension AudioConverter: AudioMeter {
    /// The decoded rate of a measurement: enough to count samples, small enough to keep the scratch file small.
    static let meterSampleRate = 8_000

    /// Ogg Opus by counting its packets, with no child process; anything else by decoding it with ffmpeg, for at
    /// most `limit` plus a second, to mono 16-bit samples whose count is the playing time.
    public func measure(_ clip: AudioClip, stoppingAfter limit: Duration) async throws -> Duration {
        let inputFormat = try check(clip)
        if let counted = OggOpus.countedDuration(of: clip.bytes, stoppingAfter: limit) { return counted }
        let ffmpeg = try ChildProcess.locate(ffmpegPath)
        return try await ScratchDirectory.with(in: temporaryDirectory) { scratch in
            let input = try write(clip, into: scratch)
            let output = scratch.appendingPathComponent("measure.pcm")
            let seconds = String(format: "%.3f", (limit + .seconds(1)).timeInterval)
            let arguments =
                ["-nostdin", "-hide_banner", "-loglevel", "error", "-y"]
                + Self.inputArguments(input, format: inputFormat)
                + [
                    "-map", "0:a:0", "-t", seconds, "-vn", "-ac", "1", "-ar", "\(Self.meterSampleRate)", "-f", "s16le",
                ] + Self.localOnly + ["file:" + output.path]
            let outcome = try await ChildProcess.run(
                ffmpeg, arguments, output: nil, scratch: scratch, timeout: timeout)
            guard outcome.status == 0 else {
                throw VoiceError.invalidAudio(
                    "ffmpeg could not decode the \(clip.mediaType) audio: \(outcome.errorTail)")
            }
            let bytes = (try FileManager.default.attributesOfItem(atPath: output.path)[.size] as? Int) ?? 0
            guard bytes > 0 else { throw VoiceError.invalidAudio("the \(clip.mediaType) clip holds no audio") }
            return .interval(Double(bytes / 2) / Double(Self.meterSampleRate))
        }
    }
}
