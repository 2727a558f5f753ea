import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import TagarelaCore

/// The HTTP plumbing the providers share: one bounded attempt, and what its failure means for a retry.
enum HTTPRetry {
    /// Runs one request whose deadline covers the whole exchange, body included.
    ///
    /// The delegate API is used because the `async` `execute(_:timeout:)` stops its clock at the response
    /// head: a server that sends headers and then stalls would hang the turn.
    static func execute(
        _ request: HTTPClient.Request,
        on client: HTTPClient,
        timeout: Duration,
        maxBodySize: Int,
        logger: Logger
    ) async throws -> HTTPClient.Response {
        let accumulator = ResponseAccumulator(request: request, maxBodySize: maxBodySize)
        let task = client.execute(
            request: request,
            delegate: accumulator,
            deadline: .now() + timeAmount(timeout),
            logger: logger
        )
        return try await withTaskCancellationHandler {
            try await task.futureResult.get()
        } onCancel: {
            task.cancel()
        }
    }

    /// `Duration` → NIO's `TimeAmount`, at nanosecond precision.
    static func timeAmount(_ duration: Duration) -> TimeAmount {
        let (seconds, attoseconds) = duration.components
        return .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }

    /// A request that got no answer: a deadline or socket timeout, or any other transport failure.
    static func llmError(for error: any Error) -> LLMError {
        if let clientError = error as? HTTPClientError, timeouts.contains(clientError) {
            return .timeout
        }
        return .transport(String(describing: error))
    }

    /// AHC reports the request deadline as `deadlineExceeded`; the others come from the client's own
    /// configured socket timeouts.
    private static let timeouts: [HTTPClientError] = [
        .deadlineExceeded, .readTimeout, .writeTimeout, .connectTimeout, .getConnectionFromPoolTimeout,
        .tlsHandshakeTimeout,
    ]

    /// 408, 409, 429 (a quota 429 is filtered out before) and 5xx may work on a later attempt.
    static func isRetryable(status: Int) -> Bool {
        status == 408 || status == 409 || status == 429 || (500..<600).contains(status)
    }

    /// The wait a server asked for: `retry-after-ms` (OpenAI's finer header), else `Retry-After`
    /// as whole seconds or an HTTP date.
    static func retryAfter(in headers: HTTPHeaders, now: Date) -> Duration? {
        if let text = headers.first(name: "retry-after-ms"), let millis = Double(text), millis >= 0 {
            return .interval(millis / 1000)
        }
        return RetryAfter.parse(headers.first(name: "retry-after"), now: now)
    }
}
