import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import TagarelaCore

/// A failed attempt that a later attempt may fix (429, 408, 409, 5xx, transport errors, timeouts).
struct RetryableFailure: Error {
    /// What to throw when no attempts are left.
    var error: LLMError
    /// The HTTP status, nil when no answer came.
    var status: Int?
    /// The wait the provider asked for (`Retry-After`, `retry-after-ms`, Gemini's `RetryInfo`).
    var retryAfter: Duration?

    var statusLabel: String { status.map(String.init) ?? "\(error)" }
}

/// What every provider does around its own wire format: the attempts, and one JSON POST per attempt.
enum ProviderAttempts {
    /// Runs `attempt` until it answers, fails for good, or `policy` runs out of attempts; waits between
    /// attempts (backoff, or what the provider asked for) through `timeSource`, so tests need not sleep.
    static func run<Answer>(
        _ provider: String, policy: RetryPolicy, timeSource: any TimeSource, logger: Logger,
        _ attempt: () async throws -> Answer
    ) async throws -> Answer {
        var number = 1
        while true {
            let failure: RetryableFailure
            do {
                return try await attempt()
            } catch let retryable as RetryableFailure {
                failure = retryable
            }
            guard number < policy.maxAttempts else {
                logger.warning(
                    "\(provider) giving up", metadata: ["status": "\(failure.statusLabel)", "attempts": "\(number)"])
                throw failure.error
            }
            let delay = policy.delay(afterAttempt: number, retryAfter: failure.retryAfter)
            logger.warning(
                "\(provider) attempt failed, retrying",
                metadata: ["status": "\(failure.statusLabel)", "attempt": "\(number)", "delay": "\(delay)"])
            try await timeSource.sleep(for: delay)
            number += 1
        }
    }

    /// One POST of a JSON `body` with `headers` (authentication) added to the JSON ones; an extra header of
    /// the same name replaces a JSON one (a multipart `Content-Type`). No answer at all (transport failure,
    /// timeout) throws `RetryableFailure`; any answer is returned as it came.
    static func post(
        _ body: Data, to endpoint: String, headers extra: [(String, String)], provider: String,
        client: HTTPClient, timeout: Duration, maxBodySize: Int, logger: Logger
    ) async throws -> (status: Int, headers: HTTPHeaders, body: Data) {
        try await send(
            .POST, body, to: endpoint, headers: extra, provider: provider, client: client, timeout: timeout,
            maxBodySize: maxBodySize, logger: logger)
    }

    /// One request of any method; a body, when given, is JSON.
    static func send(
        _ method: HTTPMethod, _ body: Data?, to endpoint: String, headers extra: [(String, String)], provider: String,
        client: HTTPClient, timeout: Duration, maxBodySize: Int, logger: Logger
    ) async throws -> (status: Int, headers: HTTPHeaders, body: Data) {
        let request: HTTPClient.Request
        do {
            var headers = HTTPHeaders()
            if body != nil { headers.add(name: "Content-Type", value: "application/json") }
            headers.add(name: "Accept", value: "application/json")
            for (name, value) in extra { headers.replaceOrAdd(name: name, value: value) }
            request = try HTTPClient.Request(
                url: endpoint, method: method, headers: headers, body: body.map { .bytes($0) })
        } catch {
            throw LLMError.transport("invalid endpoint \(endpoint): \(error)")
        }
        let response: HTTPClient.Response
        do {
            response = try await HTTPRetry.execute(
                request, on: client, timeout: timeout, maxBodySize: maxBodySize, logger: logger)
        } catch {
            if Task.isCancelled { throw CancellationError() }
            logger.debug("\(provider) request failed", metadata: ["error": "\(String(reflecting: error))"])
            throw RetryableFailure(error: HTTPRetry.llmError(for: error), status: nil, retryAfter: nil)
        }
        return (Int(response.status.code), response.headers, response.body.map { Data($0.readableBytesView) } ?? Data())
    }
}
