import AsyncHTTPClient
import Foundation
import TagarelaCore
import TagarelaFakes
import Testing

@testable import TagarelaProviders

@Suite("ElevenLabsSynthesizer against FakeElevenLabs", .timeLimit(.minutes(3)))
struct VoiceElevenLabsTests {
    func synthesizer(
        _ baseURL: String, root: URL, apiKey: String = "el-test", voiceID: String = "voice-test",
        outputFormat: String = "opus_48000_32", maxAttempts: Int = 3, limits: VoiceNoteLimits = .whatsApp,
        clock: ImmediateTimeSource = ImmediateTimeSource()
    ) -> ElevenLabsSynthesizer {
        ElevenLabsSynthesizer(
            httpClient: .shared, baseURL: baseURL, apiKey: apiKey, voiceID: voiceID, outputFormat: outputFormat,
            timeout: .seconds(20), retryPolicy: RetryPolicy(maxAttempts: maxAttempts), limits: limits,
            converter: VoiceFixtures.converter(root: root), timeSource: clock, logger: VoiceFixtures.logger)
    }

    func withFake(_ body: (FakeElevenLabs, URL) async throws -> Void) async throws {
        try await VoiceFixtures.withTemporaryRoot { root in
            try await FakeElevenLabs.start().whileRunning { fake in try await body(fake, root) }
            #expect(try VoiceFixtures.leftovers(in: root).isEmpty)
        }
    }

    @Test("one Opus note; the key header, the voice in the path, output_format and the JSON body")
    func requestShape() async throws {
        try await withFake { fake, root in
            let notes = try await synthesizer(fake.baseURL, root: root).synthesize("Olá, tudo bem com você?")
            #expect(notes.count == 1)
            try await VoiceFixtures.expectVoiceNotes(notes, converter: VoiceFixtures.converter(root: root))
            let request = try #require(await fake.requests().first)
            #expect(request.rejection == nil)
            #expect(request.path == "/v1/text-to-speech/voice-test")
            #expect(request.outputFormat == "opus_48000_32")
            #expect(request.apiKey == "el-test")
            #expect(request.text == "Olá, tudo bem com você?")
            #expect(request.modelID == "eleven_multilingual_v2")
        }
    }

    @Test("an MP3 answer (ElevenLabs' default format) is converted by real ffmpeg")
    func mp3Converted() async throws {
        try await withFake { fake, root in
            let notes = try await synthesizer(fake.baseURL, root: root, outputFormat: "mp3_44100_128")
                .synthesize("Uma resposta em MP3 que precisa virar Opus.")
            #expect(await fake.requests().first?.outputFormat == "mp3_44100_128")
            #expect(notes.count == 1)
            try await VoiceFixtures.expectVoiceNotes(notes, converter: VoiceFixtures.converter(root: root))
        }
    }

    @Test("401 quota_exceeded is quotaExhausted, not a bad key, and is not retried")
    func quotaExceeded() async throws {
        try await withFake { fake, root in
            let message = "This request exceeds your quota of 10000. You have 12 credits remaining."
            await fake.enqueue([.error(status: 401, detailStatus: "quota_exceeded", message: message)])
            let clock = ImmediateTimeSource()
            let error = await #expect(throws: VoiceError.self) {
                try await synthesizer(fake.baseURL, root: root, clock: clock).synthesize("Oi.")
            }
            #expect(error == .quotaExhausted(message: message))
            #expect(error?.isInvalidCredentials == false && error?.isRetryable == false)
            #expect(await fake.requestCount() == 1 && clock.sleeps.isEmpty)
        }
    }

    @Test("a wrong key is the fake's 401 invalid_api_key: invalid credentials, one request")
    func invalidKey() async throws {
        try await withFake { fake, root in
            let error = await #expect(throws: VoiceError.self) {
                try await synthesizer(fake.baseURL, root: root, apiKey: "wrong").synthesize("Oi.")
            }
            #expect(error == .http(status: 401, code: "invalid_api_key", message: "Invalid API key"))
            #expect(error?.isInvalidCredentials == true)
            #expect(await fake.requestCount() == 1)
        }
    }

    @Test("429 too many concurrent requests is retried, after Retry-After")
    func concurrencyLimitRetried() async throws {
        try await withFake { fake, root in
            await fake.enqueue([
                .error(
                    status: 429, detailStatus: "too_many_concurrent_requests",
                    message: "Too many concurrent requests.", retryAfter: "2")
            ])
            let clock = ImmediateTimeSource()
            let notes = try await synthesizer(fake.baseURL, root: root, clock: clock).synthesize("Oi de novo.")
            #expect(notes.count == 1)
            #expect(clock.sleeps == [.seconds(2)])
            #expect(await fake.requestCount() == 2)
        }
    }

    @Test("an unknown voice is the fake's 404 voice_not_found; a bad output_format is a 422 detail list")
    func strictFakeRefusals() async throws {
        try await withFake { fake, root in
            let missing = await #expect(throws: VoiceError.self) {
                try await synthesizer(fake.baseURL, root: root, voiceID: "nobody").synthesize("Oi.")
            }
            #expect(
                missing
                    == .http(
                        status: 404, code: "voice_not_found", message: "A voice with the voice_id nobody was not found."
                    ))
            let invalid = await #expect(throws: VoiceError.self) {
                try await synthesizer(fake.baseURL, root: root, outputFormat: "opus_16000").synthesize("Oi.")
            }
            #expect(
                invalid
                    == .http(
                        status: 422, code: "enum", message: "query.output_format: Input should be a valid output format"
                    ))
            #expect(await fake.requestCount() == 2)
        }
    }

    @Test("long text: parts over the byte limit are split again until every note is under it")
    func notesStayUnderTheLimit() async throws {
        try await withFake { fake, root in
            let text = String(repeating: "A Tagarela responde por voz quando você pede. ", count: 60)  // 2,760 chars
            let limits = VoiceNoteLimits(maxNoteBytes: 300_000, maxNotes: 6, charactersPerNote: 3_000)
            let notes = try await synthesizer(fake.baseURL, root: root, limits: limits).synthesize(text)
            #expect(notes.count >= 2)
            #expect(await fake.requestCount() > notes.count)
            try await VoiceFixtures.expectVoiceNotes(
                notes, maxBytes: 300_000, converter: VoiceFixtures.converter(root: root))
        }
    }
}
