import Foundation
import TagarelaCore
import TagarelaFakes
import Testing

@testable import TagarelaProviders

extension VoiceTranscriberTests {
    @Test("429 and 503 are retried after Retry-After and backoff; the same upload is sent each time")
    func retriesThenSucceeds() async throws {
        try await FakeOpenAI.start().whileRunning { fake in
            await fake.enqueueAudio([
                .error(status: 429, code: "rate_limit_exceeded", type: "requests", message: "slow", retryAfter: "3"),
                .error(status: 503, code: nil, type: "server_error", message: "busy"),
                .transcript("oi"),
            ])
            let clock = ImmediateTimeSource()
            let transcript = try await transcriber(fake.baseURL, clock: clock)
                .transcribe(try VoiceFixtures.portugueseNote(), languageHint: "pt")
            #expect(transcript.text == "oi")
            #expect(clock.sleeps == [.seconds(3), .seconds(1)])
            let requests = await fake.audioRequests()
            #expect(requests.count == 3)
            #expect(Set(requests.map(\.fileBytes)).count == 1)
        }
    }

    @Test("insufficient_quota is billing: one request, quotaExhausted, not retryable")
    func insufficientQuota() async throws {
        try await FakeOpenAI.start().whileRunning { fake in
            await fake.enqueueAudio([
                .error(status: 429, code: "insufficient_quota", type: "insufficient_quota", message: "no money")
            ])
            let clock = ImmediateTimeSource()
            let error = await #expect(throws: VoiceError.self) {
                try await transcriber(fake.baseURL, clock: clock)
                    .transcribe(try VoiceFixtures.portugueseNote(), languageHint: nil)
            }
            #expect(error == .quotaExhausted(message: "no money"))
            #expect(error?.isRetryable == false)
            #expect(await fake.audioRequests().count == 1)
            #expect(clock.sleeps.isEmpty)
        }
    }

    @Test("a wrong key is the fake's 401 invalid_api_key: one request, invalid credentials")
    func invalidKey() async throws {
        try await FakeOpenAI.start(apiKey: "sk-right").whileRunning { fake in
            let error = await #expect(throws: VoiceError.self) {
                try await transcriber(fake.baseURL, apiKey: "sk-wrong-key")
                    .transcribe(try VoiceFixtures.portugueseNote(), languageHint: nil)
            }
            #expect(
                error
                    == .http(status: 401, code: "invalid_api_key", message: "Incorrect API key provided: sk-****-key."))
            #expect(error?.isInvalidCredentials == true && error?.isRetryable == false)
            #expect(await fake.audioRequests().count == 1)
        }
    }

    @Test("the strict fake refuses an unknown model with a 400 that is not retried")
    func fakeRefusesBadFields() async throws {
        try await FakeOpenAI.start().whileRunning { fake in
            let error = await #expect(throws: VoiceError.self) {
                try await transcriber(fake.baseURL, model: "whisper-2")
                    .transcribe(try VoiceFixtures.portugueseNote(), languageHint: nil)
            }
            #expect(error == .http(status: 400, code: "model_not_found", message: "Invalid model whisper-2."))
            #expect(await fake.audioRequests().count == 1)
        }
    }

    @Test("5xx on every attempt gives up after maxAttempts with the last error, retryable")
    func exhaustsAttempts() async throws {
        try await FakeOpenAI.start().whileRunning { fake in
            let boom = FakeOpenAI.AudioReply.error(status: 500, code: nil, type: "server_error", message: "boom")
            await fake.enqueueAudio([boom, boom])
            let error = await #expect(throws: VoiceError.self) {
                try await transcriber(fake.baseURL, maxAttempts: 2)
                    .transcribe(try VoiceFixtures.portugueseNote(), languageHint: nil)
            }
            #expect(error == .http(status: 500, code: nil, message: "boom"))
            #expect(error?.isRetryable == true)
            #expect(await fake.audioRequests().count == 2)
        }
    }

    @Test("a closed port is a transport error")
    func connectionRefused() async throws {
        // A bound socket that never listens: unlike a stopped fake's port, no parallel test can take it.
        let closed = try ClosedPort()
        let fake = try await FakeOpenAI.start()
        let baseURL = closed.url(like: fake.baseURL)
        await fake.stop()
        let error = await #expect(throws: VoiceError.self) {
            try await transcriber(baseURL, timeout: .milliseconds(300), maxAttempts: 2).transcribe(
                try VoiceFixtures.portugueseNote(), languageHint: nil)
        }
        guard case .transport = error else {
            Issue.record("expected a transport error, got \(String(describing: error))")
            return
        }
    }
}
