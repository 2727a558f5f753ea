import Foundation
import Logging
import TagarelaCore
import TagarelaFakes
import Testing

@testable import TagarelaProviders

/// Shared pieces of the voice tests: the real voice note of `Tests/Fixtures/voice` and private temp directories.
enum VoiceFixtures {
    /// A WhatsApp-style voice note (Ogg, Opus, mono, 16 kHz): "Olá, tudo bem? Eu gostaria de marcar…".
    static func portugueseNote() throws -> AudioClip {
        AudioClip(bytes: try Fixtures.portugueseVoiceNote(), contentType: "audio/ogg; codecs=opus")
    }

    static var logger: Logger {
        var logger = Logger(label: "test.voice")
        logger.logLevel = .critical
        return logger
    }

    /// A fresh, empty directory for one test's scratch files, removed after `body`.
    static func withTemporaryRoot<Result>(_ body: (URL) async throws -> Result) async throws -> Result {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("voice-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        return try await body(root)
    }

    /// What is left in `root`; a converter that cleans up leaves nothing.
    static func leftovers(in root: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: root.path)
    }

    /// The converter the tests use, with its scratch directories under `root`.
    static func converter(root: URL, ffmpeg: String = "ffmpeg", timeout: Duration = .seconds(30)) -> AudioConverter {
        AudioConverter(ffmpegPath: ffmpeg, temporaryDirectory: root, timeout: timeout)
    }

    /// True when every note is real OGG/Opus as ffprobe sees it, mono, and under `maxBytes`.
    static func expectVoiceNotes(_ notes: [VoiceNote], maxBytes: Int = 500_000, converter: AudioConverter)
        async throws
    {
        for note in notes {
            #expect(note.bytes.starts(with: Data("OggS".utf8)))
            #expect(note.byteCount <= maxBytes)
            let probe = try await converter.probe(AudioClip(bytes: note.bytes, contentType: VoiceNote.contentType))
            #expect(probe.formatName == "ogg")
            #expect(probe.codecName == "opus")
            #expect(probe.channels == 1)
        }
    }
}
