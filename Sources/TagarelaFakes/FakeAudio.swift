import Foundation
import Hummingbird
import NIOCore
import TagarelaCore

/// Real audio for the speech fakes, made by ffmpeg from a test tone: their answers must decode, convert and
/// probe like a provider's would. Speech lasts as long as a person would take to say the text.
public enum FakeAudio {
    /// The containers and codecs the fakes answer in.
    public enum Format: Sendable, Hashable {
        /// Ogg with Opus at a constant bitrate, so the size follows the duration exactly (4 KB/s at 32 kbit/s).
        case oggOpus(kilobits: Int)
        case mp3(kilobits: Int)
        /// Raw 16-bit little-endian PCM (ElevenLabs' `pcm_*`).
        case pcm(sampleRate: Int)
        /// WAV (OpenAI's `wav`).
        case wav
    }

    /// About 15 characters a second, a calm speaking rate; at least one second.
    public static func speechSeconds(for text: String) -> Int {
        max(1, (text.count + 14) / 15)
    }

    /// A 440 Hz tone of `seconds` in `format`; cached, since tests ask for the same lengths again and again.
    public static func tone(seconds: Int, format: Format) async throws -> Data {
        if let cached = await cache.get(seconds, format) { return cached }
        let data = try await generate(seconds: seconds, format: format)
        await cache.put(seconds, format, data)
        return data
    }

    private static let cache = Cache()

    private actor Cache {
        private var entries: [String: Data] = [:]
        func get(_ seconds: Int, _ format: Format) -> Data? { entries["\(seconds) \(format)"] }
        func put(_ seconds: Int, _ format: Format, _ data: Data) { entries["\(seconds) \(format)"] = data }
    }

    static func options(_ format: Format) -> (options: [String], fileExtension: String) {
        switch format {
        case .oggOpus(let kilobits):
            (["-c:a", "libopus", "-b:a", "\(kilobits)k", "-vbr", "off", "-ar", "48000", "-f", "ogg"], "ogg")
        case .mp3(let kilobits): (["-c:a", "libmp3lame", "-b:a", "\(kilobits)k", "-f", "mp3"], "mp3")
        case .pcm(let sampleRate): (["-ar", "\(sampleRate)", "-f", "s16le"], "pcm")
        case .wav: (["-ar", "24000", "-c:a", "pcm_s16le", "-f", "wav"], "wav")
        }
    }

    /// Runs ffmpeg on a dispatch thread, so the fake's handler does not block the cooperative pool.
    private static func generate(seconds: Int, format: Format) async throws -> Data {
        let (options, fileExtension) = options(format)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent(
            "tagarela-fake-tone-\(UUID().uuidString).\(fileExtension)")
        defer { try? FileManager.default.removeItem(at: file) }
        let arguments =
            [
                "-nostdin", "-loglevel", "error", "-y", "-f", "lavfi", "-i", "sine=frequency=440:duration=\(seconds)",
                "-ac", "1",
            ]
            + options + [file.path]
        let pid = try Spawn.start(
            URL(fileURLWithPath: "/usr/bin/env"), ["ffmpeg"] + arguments, output: nil, errors: nil)
        let status = await Spawn.exit(of: pid)
        guard status == 0 else { throw FakeAudioError("ffmpeg could not make a \(format) tone (status \(status))") }
        return try Data(contentsOf: file)
    }
}

/// ffmpeg is missing or failed: the speech fakes need it (`apt-get install ffmpeg`).
extension FakeAudio {
    /// `ogg` with its last page's granule position rewritten to say the stream plays one millisecond: the trick a
    /// sender can play on anything that reads the duration from the last page (ffprobe does). The page's CRC is
    /// left stale, as a careless forger's would be.
    public static func lyingAboutItsLength(_ ogg: Data) -> Data {
        var bytes = ogg
        guard let last = bytes.range(of: Data("OggS".utf8), options: .backwards), last.lowerBound + 14 <= bytes.count
        else { return bytes }
        // Granule = pre-skip (312 in libopus's notes) + 48 samples, little-endian.
        let granule = UInt64(312 + 48)
        for index in 0..<8 { bytes[last.lowerBound + 6 + index] = UInt8(truncatingIfNeeded: granule >> (8 * index)) }
        return bytes
    }
}

public struct FakeAudioError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}

/// A 200 answer carrying audio bytes.
func binaryResponse(_ bytes: Data, contentType: String) -> Response {
    Response(status: .ok, headers: [.contentType: contentType], body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
}
