import Foundation
import TagarelaCore
import TagarelaFakes
import Testing

@testable import TagarelaProviders

extension OpenAIResponsesProviderTests {
    @Test("429 then success waits as long as Retry-After says and resends the same body")
    func retryAfterSeconds() async throws {
        try await withFake { fake in
            await fake.enqueue([
                .error(
                    status: 429, code: "rate_limit_exceeded", type: "requests", message: "Slow down", retryAfter: "2")
            ])
            let clock = ImmediateTimeSource()
            let reply = try await provider(fake.baseURL, clock: clock).reply(to: conversation)
            #expect(reply.text == "Resposta para: Que horas são?")
            #expect(clock.sleeps == [.seconds(2)])
            let requests = await fake.requests()
            #expect(requests.count == 2 && requests[0].rawJSON == requests[1].rawJSON)
        }
    }

    @Test("retry-after-ms wins over Retry-After")
    func retryAfterMilliseconds() async throws {
        try await withFake { fake in
            await fake.enqueue([
                .error(status: 429, code: nil, type: "tokens", message: "a", retryAfter: "9", retryAfterMs: "1500")
            ])
            let clock = ImmediateTimeSource()
            _ = try await provider(fake.baseURL, clock: clock).reply(to: conversation)
            #expect(clock.sleeps == [.milliseconds(1500)])
        }
    }

    @Test("5xx then success backs off and answers")
    func serverErrorsThenSuccess() async throws {
        try await withFake { fake in
            await fake.enqueue([
                .error(status: 500, code: nil, type: "server_error", message: "boom"),
                .error(status: 503, code: nil, type: "server_error", message: "busy"),
                .text("Agora sim"),
            ])
            let clock = ImmediateTimeSource()
            let reply = try await provider(fake.baseURL, clock: clock).reply(to: conversation)
            #expect(reply.text == "Agora sim")
            #expect(clock.sleeps == [.milliseconds(500), .seconds(1)])
            #expect(await fake.requestCount() == 3)
        }
    }

    @Test("5xx on every attempt gives up after maxAttempts with the first error")
    func serverErrorsExhaustAttempts() async throws {
        try await withFake { fake in
            await fake.setResponder { _ in .error(status: 502, code: nil, type: "server_error", message: "bad gw") }
            await #expect(throws: LLMError.http(status: 502, code: nil, message: "bad gw")) {
                try await provider(fake.baseURL, maxAttempts: 2).reply(to: conversation)
            }
            #expect(await fake.requestCount() == 2)
        }
    }

    @Test("insufficient_quota is billing: one request, quotaExhausted")
    func insufficientQuota() async throws {
        try await withFake { fake in
            let message = "You exceeded your current quota, please check your plan and billing details."
            await fake.enqueue([
                .error(status: 429, code: "insufficient_quota", type: "insufficient_quota", message: message)
            ])
            let clock = ImmediateTimeSource()
            await #expect(throws: LLMError.quotaExhausted(message: message)) {
                try await provider(fake.baseURL, clock: clock).reply(to: conversation)
            }
            #expect(await fake.requestCount() == 1)
            #expect(clock.sleeps.isEmpty)
        }
    }

    @Test("context_length_exceeded surfaces as HTTP 400 with its code, not retried")
    func contextLengthExceeded() async throws {
        try await withFake { fake in
            let message = "Your input exceeds the context window of this model. Please adjust your input and try again."
            await fake.enqueue([
                .error(status: 400, code: "context_length_exceeded", type: "invalid_request_error", message: message)
            ])
            await #expect(throws: LLMError.http(status: 400, code: "context_length_exceeded", message: message)) {
                try await provider(fake.baseURL).reply(to: conversation)
            }
            #expect(await fake.requestCount() == 1)
        }
    }

    @Test("a hanging server times out on every attempt, then .timeout")
    func hangTimesOut() async throws {
        try await withFake { fake in
            await fake.enqueue([.hang, .hang])
            let clock = ImmediateTimeSource()
            let started = ContinuousClock.now
            await #expect(throws: LLMError.timeout) {
                try await provider(fake.baseURL, timeout: .seconds(3), maxAttempts: 2, clock: clock)
                    .reply(to: conversation)
            }
            #expect(ContinuousClock.now - started < .seconds(30))
            #expect(await fake.requestCount() == 2)
            #expect(clock.sleeps == [.milliseconds(500)])
        }
    }

    @Test("a closed port is a transport error after every attempt")
    func connectionRefused() async throws {
        // A bound socket that never listens: unlike a stopped fake's port, no parallel test can take it.
        let closed = try ClosedPort()
        let fake = try await FakeOpenAI.start()
        let baseURL = closed.url(like: fake.baseURL)
        await fake.stop()
        let clock = ImmediateTimeSource()
        await #expect {
            try await provider(baseURL, timeout: .milliseconds(300), maxAttempts: 2, clock: clock)
                .reply(to: conversation)
        } throws: { error in
            if case .transport = error as? LLMError { return true }
            return false
        }
        #expect(clock.sleeps.count == 1)
    }
}
