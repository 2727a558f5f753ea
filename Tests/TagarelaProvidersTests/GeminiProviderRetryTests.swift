import Foundation
import TagarelaCore
import TagarelaFakes
import Testing

@testable import TagarelaProviders

extension GeminiProviderTests {
    static let busy = "Resource has been exhausted (e.g. check quota)."

    @Test(
        "429 then success waits as long as RetryInfo.retryDelay says",
        arguments: [
            ("28s", Duration.seconds(28)), ("1.5s", .milliseconds(1500)), ("0.250s", .milliseconds(250)),
        ])
    func retryDelay(text: String, expected: Duration) async throws {
        try await withFake { fake in
            await fake.enqueue([
                // A Retry-After header too: Google's own RetryInfo wins over it.
                .error(
                    status: 429, rpcStatus: "RESOURCE_EXHAUSTED", message: Self.busy, retryDelay: text, retryAfter: "9")
            ])
            let clock = ImmediateTimeSource()
            let reply = try await provider(fake.baseURL, clock: clock).reply(to: conversation)
            #expect(reply.text == "Resposta para: Que horas são?")
            #expect(clock.sleeps == [expected])
            #expect(await fake.requestCount() == 2)
        }
    }

    @Test("without RetryInfo, Retry-After is honoured; without either, the policy backs off")
    func retryAfterHeader() async throws {
        try await withFake { fake in
            await fake.enqueue([
                .error(status: 429, rpcStatus: "RESOURCE_EXHAUSTED", message: Self.busy, retryAfter: "3"),
                .error(status: 429, rpcStatus: "RESOURCE_EXHAUSTED", message: Self.busy),
            ])
            let clock = ImmediateTimeSource()
            _ = try await provider(fake.baseURL, clock: clock).reply(to: conversation)
            #expect(clock.sleeps == [.seconds(3), .seconds(1)])
        }
    }

    @Test("a wait longer than the policy's maximum is capped")
    func retryDelayCapped() async throws {
        try await withFake { fake in
            await fake.enqueue([
                .error(status: 429, rpcStatus: "RESOURCE_EXHAUSTED", message: Self.busy, retryDelay: "3600s")
            ])
            let clock = ImmediateTimeSource()
            _ = try await provider(fake.baseURL, clock: clock).reply(to: conversation)
            #expect(clock.sleeps == [.seconds(30)])
        }
    }

    @Test("500 and 503 are retried with backoff, then the answer comes")
    func serverErrorsThenSuccess() async throws {
        try await withFake { fake in
            await fake.enqueue([
                .error(status: 500, rpcStatus: "INTERNAL", message: "An internal error has occurred."),
                .error(status: 503, rpcStatus: "UNAVAILABLE", message: "The model is overloaded."),
            ])
            let clock = ImmediateTimeSource()
            let reply = try await provider(fake.baseURL, clock: clock).reply(to: conversation)
            #expect(reply.text == "Resposta para: Que horas são?")
            #expect(clock.sleeps == [.milliseconds(500), .seconds(1)])
            #expect(await fake.requestCount() == 3)
        }
    }

    @Test("504 on every attempt gives up after maxAttempts with the RPC status as code")
    func serverErrorsExhaustAttempts() async throws {
        try await withFake { fake in
            let slow = FakeGemini.Reply.error(status: 504, rpcStatus: "DEADLINE_EXCEEDED", message: "Deadline expired.")
            await fake.enqueue([slow, slow])
            await #expect(throws: LLMError.http(status: 504, code: "DEADLINE_EXCEEDED", message: "Deadline expired.")) {
                try await provider(fake.baseURL, maxAttempts: 2).reply(to: conversation)
            }
            #expect(await fake.requestCount() == 2)
        }
    }

    @Test("a wrong key gets the fake's real 400 API_KEY_INVALID: one request, key not echoed")
    func wrongKey() async throws {
        try await withFake { fake in
            let clock = ImmediateTimeSource()
            await #expect {
                try await provider(fake.baseURL, apiKey: "AIza-wrong-key", clock: clock).reply(to: conversation)
            } throws: { error in
                guard case .http(400, "INVALID_ARGUMENT", let message) = error as? LLMError else { return false }
                return message.contains("API_KEY_INVALID") && !message.contains("AIza-wrong-key")
            }
            #expect(await fake.requestCount() == 1)
            #expect(clock.sleeps.isEmpty)
        }
    }

    @Test(
        "client errors are not retried",
        arguments: [
            (400, "FAILED_PRECONDITION"), (401, "UNAUTHENTICATED"), (403, "PERMISSION_DENIED"), (404, "NOT_FOUND"),
        ])
    func clientErrorsNotRetried(status: Int, rpcStatus: String) async throws {
        try await withFake { fake in
            await fake.enqueue([.error(status: status, rpcStatus: rpcStatus, message: "nope", retryDelay: "1s")])
            let clock = ImmediateTimeSource()
            await #expect(throws: LLMError.http(status: status, code: rpcStatus, message: "nope")) {
                try await provider(fake.baseURL, clock: clock).reply(to: conversation)
            }
            #expect(await fake.requestCount() == 1)
            #expect(clock.sleeps.isEmpty)
        }
    }

    @Test("a per-day or zero quota is quotaExhausted at once; a per-minute one is retried")
    func quotaKinds() async throws {
        try await withFake { fake in
            let message = "You exceeded your current quota, please check your plan and billing details."
            await fake.enqueue([
                .error(
                    status: 429, rpcStatus: "RESOURCE_EXHAUSTED", message: message, retryDelay: "20s",
                    quotaId: "GenerateRequestsPerDayPerProjectPerModel-FreeTier"),
                .error(
                    status: 429, rpcStatus: "RESOURCE_EXHAUSTED", message: message, retryDelay: "20s",
                    quotaId: "GenerateRequestsPerMinutePerProjectPerModel-FreeTier"),
            ])
            let clock = ImmediateTimeSource()
            await #expect(throws: LLMError.quotaExhausted(message: message)) {
                try await provider(fake.baseURL, clock: clock).reply(to: conversation)
            }
            #expect(await fake.requestCount() == 1 && clock.sleeps.isEmpty)

            let reply = try await provider(fake.baseURL, clock: clock).reply(to: conversation)
            #expect(reply.text == "Resposta para: Que horas são?")
            #expect(clock.sleeps == [.seconds(20)])
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
        let fake = try await FakeGemini.start(apiKey: Self.key)
        let baseURL = closed.url(like: fake.baseURL)
        await fake.stop()
        let clock = ImmediateTimeSource()
        await #expect {
            try await provider(baseURL, timeout: .milliseconds(300), maxAttempts: 3, clock: clock)
                .reply(to: conversation)
        } throws: { error in
            if case .transport = error as? LLMError { return true }
            return false
        }
        #expect(clock.sleeps == [.milliseconds(500), .seconds(1)])
    }

    @Test("RetryInfo durations and odd error bodies are read leniently")
    func rpcErrorParsing() throws {
        #expect(GoogleRPCError.protoDuration("28s") == .seconds(28))
        #expect(GoogleRPCError.protoDuration("0.000001s") == .microseconds(1))
        #expect(GoogleRPCError.protoDuration("28") == nil && GoogleRPCError.protoDuration("-1s") == nil)
        let wrapped = Data(
            #"[{"error":{"code":429,"message":"m","status":"RESOURCE_EXHAUSTED","details":[7,{"@type":"type.googleapis.com/google.rpc.QuotaFailure","violations":[{"quotaId":"X","quotaValue":"0"}]}]}}]"#
                .utf8)
        let error = try #require(GoogleRPCError.parse(wrapped))
        #expect(error.status == "RESOURCE_EXHAUSTED" && error.message == "m")
        #expect(error.isQuotaExhausted)
    }
}
