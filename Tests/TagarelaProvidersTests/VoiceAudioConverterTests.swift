import Foundation
import TagarelaCore
import TagarelaFakes
import Testing

@testable import TagarelaProviders

@Suite("AudioConverter with real ffmpeg and ffprobe", .timeLimit(.minutes(3)))
struct VoiceAudioConverterTests {
    @Test("ffprobe reads the real voice note; the Ogg stream's own duration agrees with it")
    func probeTheVoiceNote() async throws {
        try await VoiceFixtures.withTemporaryRoot { root in
            let converter = VoiceFixtures.converter(root: root)
            let note = try VoiceFixtures.portugueseNote()
            let probe = try await converter.probe(note)
            #expect(probe.formatName == "ogg" && probe.codecName == "opus" && probe.channels == 1)
            #expect(probe.sampleRate == 48_000)  // Opus always decodes at 48 kHz
            let probed = try #require(probe.duration)
            let fromStream = try #require(OggOpus.duration(of: note.bytes))
            #expect(abs((probed - fromStream).timeInterval) < 0.05)
            #expect(probed > .seconds(6) && probed < .seconds(7))
            #expect(try VoiceFixtures.leftovers(in: root).isEmpty)
        }
    }

    @Test("WAV → voice note: Ogg, Opus, mono; WAV and MP3 out when a provider wants them")
    func conversions() async throws {
        try await VoiceFixtures.withTemporaryRoot { root in
            let converter = VoiceFixtures.converter(root: root)
            let wav = try await converter.convert(try VoiceFixtures.portugueseNote(), to: .wav())
            #expect(wav.bytes.starts(with: Data("RIFF".utf8)) && wav.contentType == "audio/wav")
            let mp3 = try await converter.convert(wav, to: .mp3())
            #expect(try await converter.probe(mp3).codecName == "mp3")
            let note = try await converter.voiceNote(from: mp3)
            try await VoiceFixtures.expectVoiceNotes([note], converter: converter)
            let duration = try #require(note.duration)
            #expect(duration > .seconds(6) && duration < .seconds(7))
            #expect(try VoiceFixtures.leftovers(in: root).isEmpty)
        }
    }

    @Test("an OGG/Opus clip passes through ensureVoiceNote untouched, without ffmpeg")
    func oggOpusPassesThrough() async throws {
        let clip = try VoiceFixtures.portugueseNote()
        let converter = AudioConverter(ffmpegPath: "/nonexistent/ffmpeg")
        let note = try await converter.ensureVoiceNote(clip)
        #expect(note.bytes == clip.bytes)
    }

    @Test("garbage in a known container: invalidAudio with ffmpeg's reason, and the scratch directory is removed")
    func ffmpegFailureCleansUp() async throws {
        try await VoiceFixtures.withTemporaryRoot { root in
            let converter = VoiceFixtures.converter(root: root)
            // Matroska's magic, then nothing Matroska: ffmpeg runs, and refuses it.
            let bytes = Data([0x1A, 0x45, 0xDF, 0xA3]) + Data(repeating: 0, count: 4096)
            let error = await #expect(throws: VoiceError.self) {
                try await converter.voiceNote(from: AudioClip(bytes: bytes, contentType: "audio/webm"))
            }
            let leftovers = try VoiceFixtures.leftovers(in: root)
            #expect(leftovers.isEmpty)
            if case .invalidAudio(let message) = error {
                #expect(message.contains("Invalid data found when processing input"))
            } else {
                Issue.record("expected invalidAudio, got \(String(describing: error))")
            }
        }
    }

    @Test("a tool that hangs is killed at the timeout; nothing is left behind")
    func timeoutKills() async throws {
        try await VoiceFixtures.withTemporaryRoot { root in
            let (script, pidFile) = try Self.hangingTool(in: root)
            let scratchRoot = root.appendingPathComponent("scratch")
            try FileManager.default.createDirectory(at: scratchRoot, withIntermediateDirectories: true)
            let converter = AudioConverter(
                ffmpegPath: script.path, temporaryDirectory: scratchRoot, timeout: .milliseconds(500))
            let started = ContinuousClock.now
            let error = await #expect(throws: VoiceError.self) {
                try await converter.voiceNote(from: try VoiceFixtures.portugueseNote())
            }
            // It ends (a hang would run into the suite's time limit); the error says it was the timeout that ended it.
            #expect(ContinuousClock.now - started < .seconds(30))
            #expect(error == .conversionFailed("hang.sh did not finish within 0.5 seconds"))
            #expect(try VoiceFixtures.leftovers(in: scratchRoot).isEmpty)
            #expect(try !Self.isAlive(pidFile: pidFile))
        }
    }

    @Test("cancelling the task kills the tool and removes the scratch directory")
    func cancellationKills() async throws {
        try await VoiceFixtures.withTemporaryRoot { root in
            let (script, pidFile) = try Self.hangingTool(in: root)
            let scratchRoot = root.appendingPathComponent("scratch")
            try FileManager.default.createDirectory(at: scratchRoot, withIntermediateDirectories: true)
            let converter = AudioConverter(ffmpegPath: script.path, temporaryDirectory: scratchRoot)
            let clip = try VoiceFixtures.portugueseNote()
            let task = Task { try await converter.voiceNote(from: clip) }
            // Wait until the tool runs, then cancel.
            try await waitUntil("the tool running") { FileManager.default.fileExists(atPath: pidFile.path) }
            task.cancel()
            await #expect(throws: CancellationError.self) { try await task.value }
            #expect(try VoiceFixtures.leftovers(in: scratchRoot).isEmpty)
            #expect(try !Self.isAlive(pidFile: pidFile))
        }
    }

    @Test("a missing ffmpeg is converterUnavailable with a clear reason; the installed one is available")
    func availability() async throws {
        await #expect(
            throws: VoiceError.converterUnavailable(
                "ffmpeg-missing was not found on PATH; install ffmpeg (apt-get install ffmpeg)")
        ) {
            try await AudioConverter(ffmpegPath: "ffmpeg-missing").checkAvailability()
        }
        try await VoiceFixtures.withTemporaryRoot { root in
            try await VoiceFixtures.converter(root: root).checkAvailability()
            #expect(try VoiceFixtures.leftovers(in: root).isEmpty)
        }
    }

    @Test("a playlist, a text or an unknown container is refused as invalidAudio before ffmpeg or ffprobe runs")
    func unknownContainersNeverReachTheTools() async throws {
        try await VoiceFixtures.withTemporaryRoot { root in
            let (script, calls) = try Self.recordingTool(in: root, then: "exit 1")
            let scratchRoot = root.appendingPathComponent("scratch")
            try FileManager.default.createDirectory(at: scratchRoot, withIntermediateDirectories: true)
            let converter = AudioConverter(
                ffmpegPath: script.path, ffprobePath: script.path, temporaryDirectory: scratchRoot)
            let inputs =
                [
                    "#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:10,\nhttp://127.0.0.1:9/x.ts\n#EXT-X-ENDLIST\n",
                    "ffconcat version 1.0\nfile /etc/passwd\n", "Olá, isto é um texto.",
                ].map { Data($0.utf8) } + [Data(repeating: 7, count: 4096)]
            for bytes in inputs {
                let clip = AudioClip(bytes: bytes, contentType: "audio/ogg")
                for attempt in [
                    { _ = try await converter.voiceNote(from: clip) },
                    { _ = try await converter.convert(clip, to: .wav()) },
                    { _ = try await converter.probe(clip) },
                ] as [@Sendable () async throws -> Void] {
                    let error = await #expect(throws: VoiceError.self) { try await attempt() }
                    guard case .invalidAudio(let message) = error else {
                        Issue.record("expected invalidAudio, got \(String(describing: error))")
                        continue
                    }
                    #expect(message.contains("none of the audio formats"))
                }
            }
            #expect(!FileManager.default.fileExists(atPath: calls.path), "ffmpeg or ffprobe ran")
            #expect(try VoiceFixtures.leftovers(in: scratchRoot).isEmpty)
        }
    }

    @Test("the real note converts and probes with its container named and local files only")
    func toolsAreToldTheFormatAndStayLocal() async throws {
        try await VoiceFixtures.withTemporaryRoot { root in
            let (ffmpeg, ffmpegCalls) = try Self.recordingTool(
                in: root, named: "ffmpeg", then: "exec \(try ChildProcess.locate("ffmpeg").path) \"$@\"")
            let (ffprobe, ffprobeCalls) = try Self.recordingTool(
                in: root, named: "ffprobe", then: "exec \(try ChildProcess.locate("ffprobe").path) \"$@\"")
            let scratchRoot = root.appendingPathComponent("scratch")
            try FileManager.default.createDirectory(at: scratchRoot, withIntermediateDirectories: true)
            let converter = AudioConverter(
                ffmpegPath: ffmpeg.path, ffprobePath: ffprobe.path, temporaryDirectory: scratchRoot)
            let note = try await converter.voiceNote(from: try VoiceFixtures.portugueseNote())
            let duration = try #require(note.duration)
            #expect(duration > .seconds(6) && duration < .seconds(7))
            #expect(try await converter.probe(try VoiceFixtures.portugueseNote()).codecName == "opus")
            let converted = try String(contentsOf: ffmpegCalls, encoding: .utf8)
            #expect(converted.contains("-protocol_whitelist file -f ogg -i file:"), "\(converted)")
            #expect(converted.contains("-protocol_whitelist file file:"), "\(converted)")
            let probed = try String(contentsOf: ffprobeCalls, encoding: .utf8)
            #expect(probed.contains("-protocol_whitelist file -f ogg -i file:"), "\(probed)")
        }
    }

    /// A stand-in for ffmpeg or ffprobe that appends its arguments to a file, one call a line, then runs
    /// `then` (a shell line: `exit 1`, or an `exec` of the real tool).
    static func recordingTool(in root: URL, named name: String = "tool", then: String) throws -> (
        script: URL, calls: URL
    ) {
        let script = root.appendingPathComponent("\(name).sh")
        let calls = root.appendingPathComponent("\(name).calls")
        try "#!/bin/sh\necho \"$@\" >> \(calls.path)\n\(then)\n".write(to: script, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
        return (script, calls)
    }

    /// A stand-in for ffmpeg that writes its pid and sleeps far past any timeout.
    static func hangingTool(in root: URL) throws -> (script: URL, pidFile: URL) {
        let script = root.appendingPathComponent("hang.sh")
        let pidFile = root.appendingPathComponent("hang.pid")
        try "#!/bin/sh\necho $$ > \(pidFile.path)\nexec sleep 60\n".write(to: script, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
        return (script, pidFile)
    }

    /// Whether the process whose pid the stand-in wrote still runs (a zombie counts as gone).
    static func isAlive(pidFile: URL) throws -> Bool {
        let pid = try String(contentsOf: pidFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return false }
        return !status.contains("State:\tZ")
    }
}
