import Foundation
import TagarelaCore
import TagarelaFakes
import Testing

@testable import TagarelaProviders

extension OpenAIChatProviderTests {
    @Test("429 then success waits as long as Retry-After says")
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
            #expect(await fake.requestCount() == 2)
        }
    }

    @Test("retry-after-ms wins over Retry-After; an HTTP date counts from now()")
    func retryAfterMillisecondsAndDate() async throws {
        try await withFake { fake in
            let clock = ImmediateTimeSource()
            let inSevenSeconds = "Thu, 01 Jan 2026 00:00:07 GMT"
            await fake.enqueue([
                .error(status: 429, code: nil, type: "tokens", message: "a", retryAfter: "9", retryAfterMs: "1500"),
                .error(status: 503, code: nil, type: "server_error", message: "b", retryAfter: inSevenSeconds),
            ])
            _ = try await provider(fake.baseURL, clock: clock).reply(to: conversation)
            // The clock starts at 2026-01-01 00:00:00 and the first wait moved it 1.5 s on.
            #expect(clock.sleeps == [.milliseconds(1500), .milliseconds(5500)])
        }
    }

    @Test("5xx on every attempt gives up after exactly maxAttempts requests, backing off")
    func serverErrorsExhaustAttempts() async throws {
        try await withFake { fake in
            let boom = FakeOpenAI.Reply.error(status: 500, code: nil, type: "server_error", message: "boom")
            await fake.enqueue([boom, .error(status: 502, code: nil, type: "server_error", message: "bad gw"), boom])
            let clock = ImmediateTimeSource()
            await #expect(throws: LLMError.http(status: 500, code: nil, message: "boom")) {
                try await provider(fake.baseURL, maxAttempts: 3, clock: clock).reply(to: conversation)
            }
            #expect(await fake.requestCount() == 3)
            #expect(clock.sleeps == [.milliseconds(500), .seconds(1)])
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

    @Test("client errors are not retried", arguments: [400, 401, 403, 404, 422])
    func clientErrorsNotRetried(status: Int) async throws {
        try await withFake { fake in
            await fake.enqueue([
                .error(status: status, code: "invalid_value", type: "invalid_request_error", message: "nope")
            ])
            await #expect(throws: LLMError.http(status: status, code: "invalid_value", message: "nope")) {
                try await provider(fake.baseURL).reply(to: conversation)
            }
            #expect(await fake.requestCount() == 1)
        }
    }

    @Test("the strict fake refuses an empty model with OpenAI's 400")
    func fakeRejectsEmptyModel() async throws {
        try await withFake { fake in
            await #expect(throws: LLMError.http(status: 400, code: nil, message: "you must provide a model parameter"))
            {
                try await provider(fake.baseURL, model: "").reply(to: conversation)
            }
            let request = try #require(await fake.requests().first)
            #expect(request.rejection == "you must provide a model parameter")
        }
    }

    @Test("an empty answer is invalidResponse and is not retried")
    func emptyContent() async throws {
        try await withFake { fake in
            await fake.setResponder { _ in .text("") }
            await #expect {
                try await provider(fake.baseURL).reply(to: conversation)
            } throws: { error in
                if case .invalidResponse = error as? LLMError { return true }
                return false
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
            // Long enough for each request to reach the fake even on a loaded CI machine.
            await #expect(throws: LLMError.timeout) {
                try await provider(fake.baseURL, timeout: .seconds(3), maxAttempts: 2, clock: clock)
                    .reply(to: conversation)
            }
            #expect(ContinuousClock.now - started < .seconds(30))
            #expect(await fake.requestCount() == 2)
            #expect(clock.sleeps == [.milliseconds(500)])
        }
    }

    @Test("a slow answer inside the timeout is fine")
    func delayedWithinTimeout() async throws {
        try await withFake { fake in
            await fake.enqueue([.delayed(.milliseconds(50), .text("devagar"))])
            let reply = try await provider(fake.baseURL, timeout: .seconds(10)).reply(to: conversation)
            #expect(reply.text == "devagar")
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
            try await provider(baseURL, timeout: .milliseconds(300), maxAttempts: 2, clock: clock).reply(
                to: conversation)
        } throws: { error in
            if case .transport = error as? LLMError { return true }
            return false
        }
        #expect(clock.sleeps.count == 1)
    }
}
