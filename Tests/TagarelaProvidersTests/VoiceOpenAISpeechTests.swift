import AsyncHTTPClient
import Foundation
import TagarelaCore
import TagarelaFakes
import Testing

@testable import TagarelaProviders

@Suite("OpenAISpeechSynthesizer against FakeOpenAI's speech endpoint", .timeLimit(.minutes(3)))
struct VoiceOpenAISpeechTests {
    func synthesizer(
        _ baseURL: String, root: URL, instructions: String? = nil, limits: VoiceNoteLimits = .whatsApp,
        ffmpeg: String = "ffmpeg", clock: ImmediateTimeSource = ImmediateTimeSource()
    ) -> OpenAISpeechSynthesizer {
        OpenAISpeechSynthesizer(
            httpClient: .shared, baseURL: baseURL, apiKey: "sk-test", instructions: instructions,
            timeout: .seconds(20), retryPolicy: RetryPolicy(maxAttempts: 3), limits: limits,
            converter: VoiceFixtures.converter(root: root, ffmpeg: ffmpeg), timeSource: clock,
            logger: VoiceFixtures.logger)
    }

    @Test("a short reply is one Opus note, with the exact request shape")
    func shortReply() async throws {
        try await VoiceFixtures.withTemporaryRoot { root in
            try await FakeOpenAI.start().whileRunning { fake in
                let text = "Olá! Sua consulta está marcada para amanhã às três da tarde."
                let notes = try await synthesizer(fake.baseURL, root: root, instructions: "Fale com calma.")
                    .synthesize(text)
                #expect(notes.count == 1)
                try await VoiceFixtures.expectVoiceNotes(notes, converter: VoiceFixtures.converter(root: root))
                // The fake speaks 15 characters a second (a 4-second tone here); the Ogg stream says so itself.
                #expect(notes.first?.duration == .seconds(FakeAudio.speechSeconds(for: text)))

                let request = try #require(await fake.audioRequests().first)
                #expect(request.rejection == nil && request.path == "/v1/audio/speech")
                #expect(request.model == "gpt-4o-mini-tts" && request.voice == "coral")
                #expect(request.responseFormat == "opus")
                #expect(request.instructions == "Fale com calma.")
                #expect(request.authorization == "Bearer sk-test")
            }
            #expect(try VoiceFixtures.leftovers(in: root).isEmpty)
        }
    }

    @Test("an MP3 answer is converted by real ffmpeg into an Opus voice note")
    func mp3AnswerConverted() async throws {
        let mp3 = try await FakeAudio.tone(seconds: 3, format: .mp3(kilobits: 64))
        try await VoiceFixtures.withTemporaryRoot { root in
            try await FakeOpenAI.start().whileRunning { fake in
                await fake.enqueueAudio([.audio(mp3, contentType: "audio/mpeg")])
                let notes = try await synthesizer(fake.baseURL, root: root).synthesize("Três segundos de fala.")
                #expect(notes.count == 1)
                try await VoiceFixtures.expectVoiceNotes(notes, converter: VoiceFixtures.converter(root: root))
                let duration = try #require(notes.first?.duration)
                #expect(duration > .milliseconds(2900) && duration < .milliseconds(3100))
            }
            #expect(try VoiceFixtures.leftovers(in: root).isEmpty)
        }
    }

    @Test("a long reply: every request ≤ 4096 characters, every note < 512 KB, nothing dropped")
    func longReplySplit() async throws {
        let sentence = "Esta é uma frase de teste para a síntese de voz da Tagarela. "
        let text = String(repeating: sentence, count: 100)  // 6,200 characters
        try await VoiceFixtures.withTemporaryRoot { root in
            try await FakeOpenAI.start().whileRunning { fake in
                // One request per 4,096 characters: each comes back about 4.5 minutes, over 1 MB, and is halved.
                let limits = VoiceNoteLimits(maxNotes: 8, charactersPerNote: 4_096)
                let notes = try await synthesizer(fake.baseURL, root: root, limits: limits).synthesize(text)
                let requests = await fake.audioRequests()
                #expect(requests.allSatisfy { $0.rejection == nil && ($0.input?.count ?? 0) <= 4_096 })
                #expect(requests.count > notes.count)  // the first answers were too large and were split
                #expect(notes.count >= 3 && notes.count <= 8)
                try await VoiceFixtures.expectVoiceNotes(notes, converter: VoiceFixtures.converter(root: root))
                // Together the notes last as long as the whole text takes to say at the fake's 15 characters a
                // second (each part rounds up to whole seconds): nothing was dropped or spoken twice.
                let total = notes.compactMap(\.duration).reduce(Duration.zero, +)
                let expected = Double(text.count) / 15
                #expect(total.timeInterval >= expected - 1 && total.timeInterval <= expected + Double(notes.count) + 1)
            }
        }
    }

    @Test("more notes than allowed is refused before any request")
    func tooManyNotes() async throws {
        try await VoiceFixtures.withTemporaryRoot { root in
            try await FakeOpenAI.start().whileRunning { fake in
                let limits = VoiceNoteLimits(maxNotes: 2, charactersPerNote: 100)
                let error = await #expect(throws: VoiceError.self) {
                    try await synthesizer(fake.baseURL, root: root, limits: limits)
                        .synthesize(String(repeating: "Uma frase curta. ", count: 20))
                }
                #expect(error == .textTooLong(notesNeeded: 4, maxNotes: 2))
                #expect(await fake.audioRequests().isEmpty)
            }
        }
    }

    @Test("an answer in no audio format fails clearly, before ffmpeg runs, and leaves no temporary file")
    func garbageAnswer() async throws {
        try await VoiceFixtures.withTemporaryRoot { root in
            try await FakeOpenAI.start().whileRunning { fake in
                await fake.enqueueAudio([.audio(Data("definitely not audio".utf8), contentType: "audio/mpeg")])
                let error = await #expect(throws: VoiceError.self) {
                    try await synthesizer(fake.baseURL, root: root).synthesize("Olá.")
                }
                guard case .invalidAudio(let message) = error else {
                    Issue.record("expected invalidAudio, got \(String(describing: error))")
                    return
                }
                #expect(message.contains("none of the audio formats"))
            }
            #expect(try VoiceFixtures.leftovers(in: root).isEmpty)
        }
    }

    @Test("an MP3 answer with ffmpeg missing is converterUnavailable, not a broken note")
    func ffmpegMissing() async throws {
        let mp3 = try await FakeAudio.tone(seconds: 1, format: .mp3(kilobits: 64))
        try await VoiceFixtures.withTemporaryRoot { root in
            try await FakeOpenAI.start().whileRunning { fake in
                await fake.enqueueAudio([.audio(mp3, contentType: "audio/mpeg")])
                let error = await #expect(throws: VoiceError.self) {
                    try await synthesizer(fake.baseURL, root: root, ffmpeg: "ffmpeg-not-installed").synthesize("Oi.")
                }
                guard case .converterUnavailable(let message) = error else {
                    Issue.record("expected converterUnavailable, got \(String(describing: error))")
                    return
                }
                #expect(message.contains("ffmpeg-not-installed was not found on PATH"))
            }
        }
    }
}
