import Foundation
import TagarelaCore

/// What ffprobe says about a piece of audio.
public struct AudioProbe: Sendable, Equatable {
    /// The container as ffprobe names it (`ogg`, `mp3`, `wav`).
    public var formatName: String
    /// The first audio stream's codec (`opus`, `mp3`, `pcm_s16le`).
    public var codecName: String?
    public var channels: Int?
    /// Opus always reports 48000, whatever rate it was encoded from.
    public var sampleRate: Int?
    public var duration: Duration?
}

extension AudioConverter {
    /// The container, codec and duration of `clip`, read by ffprobe. Throws `.invalidAudio` when ffprobe
    /// cannot read it or finds no audio stream.
    public func probe(_ clip: AudioClip) async throws -> AudioProbe {
        let inputFormat = try check(clip)
        let ffprobe = try ChildProcess.locate(ffprobePath)
        return try await ScratchDirectory.with(in: temporaryDirectory) { scratch in
            let input = try write(clip, into: scratch)
            let report = scratch.appendingPathComponent("probe.json")
            let arguments =
                [
                    "-v", "error", "-print_format", "json",
                    "-show_entries", "format=format_name,duration:stream=codec_type,codec_name,channels,sample_rate",
                ] + Self.inputArguments(input, format: inputFormat)
            let outcome = try await ChildProcess.run(
                ffprobe, arguments, output: report, scratch: scratch, timeout: timeout)
            guard outcome.status == 0 else {
                throw VoiceError.invalidAudio(
                    "ffprobe could not read the \(clip.mediaType) audio: \(outcome.errorTail)")
            }
            let decoded: ProbeReport
            do {
                decoded = try JSONDecoder().decode(ProbeReport.self, from: Data(contentsOf: report))
            } catch {
                throw VoiceError.conversionFailed("ffprobe's report could not be read: \(error)")
            }
            guard let format = decoded.format, let audio = decoded.streams?.first(where: { $0.codecType == "audio" })
            else { throw VoiceError.invalidAudio("no audio stream in the \(clip.mediaType) clip") }
            return AudioProbe(
                formatName: format.formatName ?? "",
                codecName: audio.codecName,
                channels: audio.channels,
                sampleRate: audio.sampleRate.flatMap { Int($0) },
                duration: format.duration.flatMap { Double($0) }.map { .interval($0) }
            )
        }
    }

    /// The playing time of `clip` as ffprobe measures it; nil when the container does not say.
    public func duration(of clip: AudioClip) async throws -> Duration? {
        try await probe(clip).duration
    }
}

/// ffprobe's JSON, where numbers such as the duration and sample rate are strings.
private struct ProbeReport: Decodable {
    struct Format: Decodable {
        var formatName: String?
        var duration: String?

        enum CodingKeys: String, CodingKey {
            case formatName = "format_name"
            case duration
        }
    }

    struct Stream: Decodable {
        var codecType: String?
        var codecName: String?
        var channels: Int?
        var sampleRate: String?

        enum CodingKeys: String, CodingKey {
            case codecType = "codec_type"
            case codecName = "codec_name"
            case channels
            case sampleRate = "sample_rate"
        }
    }

    var format: Format?
    var streams: [Stream]?
}
