import Foundation
import TagarelaCore

/// Converts audio with ffmpeg and measures it with ffprobe, each run as a child process.
///
/// Every call works in its own private scratch directory under `temporaryDirectory`, removed on success,
/// failure and cancellation; a tool that outlives `timeout` is killed. Nothing blocks a thread while it waits.
public struct AudioConverter: Sendable {
    /// `ffmpeg` (looked up on `PATH`) or a path to it.
    public var ffmpegPath: String
    /// `ffprobe` (looked up on `PATH`) or a path to it.
    public var ffprobePath: String
    /// Where the scratch directories go.
    public var temporaryDirectory: URL
    /// The longest one ffmpeg or ffprobe run may take.
    public var timeout: Duration
    /// The largest input accepted; WhatsApp media stop at 16 MB, providers' uploads at 25 MiB.
    public var maxInputBytes: Int

    public init(
        ffmpegPath: String = "ffmpeg",
        ffprobePath: String = "ffprobe",
        temporaryDirectory: URL = FileManager.default.temporaryDirectory,
        timeout: Duration = .seconds(60),
        maxInputBytes: Int = 25 * 1024 * 1024
    ) {
        self.ffmpegPath = ffmpegPath
        self.ffprobePath = ffprobePath
        self.temporaryDirectory = temporaryDirectory
        self.timeout = timeout
        self.maxInputBytes = maxInputBytes
    }

    /// Throws `.converterUnavailable` with a clear reason when ffmpeg or ffprobe cannot run; for start-up checks.
    public func checkAvailability() async throws {
        for tool in [ffmpegPath, ffprobePath] {
            let executable = try ChildProcess.locate(tool)
            let outcome = try await ScratchDirectory.with(in: temporaryDirectory) { scratch in
                try await ChildProcess.run(executable, ["-version"], output: nil, scratch: scratch, timeout: timeout)
            }
            guard outcome.status == 0 else {
                throw VoiceError.converterUnavailable("\(tool) -version failed: \(outcome.errorTail)")
            }
        }
    }

    /// `clip` as a WhatsApp voice note: OGG/Opus, mono, 48 kHz, 32 kbit/s unless said otherwise.
    public func voiceNote(from clip: AudioClip, bitrate: Int = 32_000) async throws -> VoiceNote {
        let converted = try await convert(clip, to: .oggOpus(bitrate: bitrate))
        guard let note = VoiceNote(oggOpus: converted.bytes) else {
            throw VoiceError.conversionFailed("ffmpeg wrote something that is not OGG/Opus")
        }
        return note
    }

    /// `clip` unchanged when it already is OGG/Opus (no ffmpeg run), else converted to a voice note: providers
    /// may answer MP3 or Ogg/Vorbis whatever was asked, and WhatsApp plays only Opus as a voice note.
    public func ensureVoiceNote(_ clip: AudioClip) async throws -> VoiceNote {
        if let note = VoiceNote(oggOpus: clip.bytes) { return note }
        return try await voiceNote(from: clip)
    }

    /// `clip` in `format`, with the duration ffmpeg's output stream reports when it reports one.
    public func convert(_ clip: AudioClip, to format: AudioFormat) async throws -> AudioClip {
        let inputFormat = try check(clip)
        let ffmpeg = try ChildProcess.locate(ffmpegPath)
        return try await ScratchDirectory.with(in: temporaryDirectory) { scratch in
            let input = try write(clip, into: scratch)
            let output = scratch.appendingPathComponent("output." + format.fileExtension)
            // No stdin (ffmpeg would wait for a key), no metadata carried over (it may hold the sender's
            // device name), no video (a cover image in an MP3 would become a stream).
            let arguments =
                ["-nostdin", "-hide_banner", "-loglevel", "error", "-y"]
                + Self.inputArguments(input, format: inputFormat) + ["-vn", "-map_metadata", "-1"]
                + format.ffmpegOptions + Self.localOnly + ["file:" + output.path]
            let outcome = try await ChildProcess.run(
                ffmpeg, arguments, output: nil, scratch: scratch, timeout: timeout)
            guard outcome.status == 0 else {
                throw VoiceError.invalidAudio(
                    "ffmpeg could not convert the \(clip.mediaType) audio: \(outcome.errorTail)")
            }
            let bytes = try Data(contentsOf: output)
            guard !bytes.isEmpty else { throw VoiceError.conversionFailed("ffmpeg wrote no audio") }
            var duration: Duration?
            if case .oggOpus = format { duration = OggOpus.duration(of: bytes) }
            return AudioClip(bytes: bytes, contentType: format.contentType, duration: duration ?? clip.duration)
        }
    }

    /// Refuses what ffmpeg should not even see, and names the container of what it may.
    @discardableResult
    func check(_ clip: AudioClip) throws -> AudioInputFormat {
        guard !clip.bytes.isEmpty else { throw VoiceError.invalidAudio("the audio is empty") }
        guard clip.bytes.count <= maxInputBytes else {
            throw VoiceError.audioTooLarge(bytes: clip.bytes.count, limit: maxInputBytes)
        }
        guard let format = AudioInputFormat.detect(clip.bytes) else {
            throw VoiceError.invalidAudio(
                "the \(clip.mediaType) clip is in none of the audio formats Tagarela reads "
                    + "(Ogg, WAV, MP3, AAC, FLAC, MP4, WebM, AMR)")
        }
        return format
    }

    /// ffmpeg and ffprobe read and write local files only: whatever the input names, no protocol that
    /// reaches the network or another process is open to them
    /// (https://ffmpeg.org/ffmpeg-protocols.html#Protocol-Options).
    static let localOnly = ["-protocol_whitelist", "file"]

    /// The options that open `input` as `format`, never probed, through the file protocol only.
    static func inputArguments(_ input: URL, format: AudioInputFormat) -> [String] {
        localOnly + ["-f", format.demuxer, "-i", "file:" + input.path]
    }

    /// Writes the clip where ffmpeg reads it; its format is given with `-f`, so the name needs no extension.
    func write(_ clip: AudioClip, into scratch: URL) throws -> URL {
        let input = scratch.appendingPathComponent("input")
        do {
            try clip.bytes.write(to: input)
        } catch {
            throw VoiceError.conversionFailed("cannot write the temporary input: \(error)")
        }
        return input
    }
}
