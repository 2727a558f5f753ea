import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import Synchronization
import TagarelaCore

/// One HTTP exchange of a sender with its provider, under one deadline for the whole exchange.
enum HTTPExchange {
    case answered(status: Int, headers: HTTPHeaders, body: [UInt8])
    /// No answer: already classified as retryable (the request never left) or unknown (it may have).
    case failed(SendOutcome)

    static func run(
        _ request: HTTPClient.Request, on httpClient: HTTPClient, timeout: Duration, logger: Logger
    ) async -> HTTPExchange {
        let tracker = SendTracker(request: request)
        let (seconds, attoseconds) = timeout.components
        let deadline = NIODeadline.now() + .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
        let task = httpClient.execute(request: request, delegate: tracker, deadline: deadline, logger: logger)
        do {
            let response = try await withTaskCancellationHandler {
                try await task.futureResult.get()
            } onCancel: {
                task.cancel()
            }
            let body = response.body.map { Array($0.readableBytesView) } ?? []
            return .answered(status: Int(response.status.code), headers: response.headers, body: body)
        } catch {
            return .failed(outcome(for: error, requestWasSent: tracker.requestWasSent))
        }
    }

    /// A failure without an answer. AHC's errors do not say whether the request left: a refused port is
    /// retried inside the pool until the deadline and then reported as the connect error, but a deadline
    /// hit before the connection was up and one hit while waiting for the answer both read
    /// `deadlineExceeded`. So the delegate records when the last request byte was written, and only a
    /// request that was never fully written is safe to send again.
    static func outcome(for error: any Error, requestWasSent: Bool) -> SendOutcome {
        let detail = String(describing: error)
        guard requestWasSent else {
            return .retryable(reason: "request not sent: \(detail)", retryAfter: nil)
        }
        return .unknown(reason: "request sent, no answer: \(detail)")
    }

    /// The provider's `Retry-After`, from now.
    static func retryAfter(in headers: HTTPHeaders) -> Duration? {
        RetryAfter.parse(headers.first(name: "retry-after"), now: Date())
    }
}

/// Collects the answer like AHC's `ResponseAccumulator` and remembers whether the whole request was written.
final class SendTracker: HTTPClientResponseDelegate {
    typealias Response = HTTPClient.Response

    private let accumulator: ResponseAccumulator
    private let sent = Mutex(false)

    init(request: HTTPClient.Request) {
        self.accumulator = ResponseAccumulator(request: request, maxBodySize: 1 << 20)
    }

    var requestWasSent: Bool { sent.withLock { $0 } }

    func didSendRequest(task: HTTPClient.Task<Response>) {
        sent.withLock { $0 = true }
    }

    func didReceiveHead(task: HTTPClient.Task<Response>, _ head: HTTPResponseHead) -> EventLoopFuture<Void> {
        accumulator.didReceiveHead(task: task, head)
    }

    func didReceiveBodyPart(task: HTTPClient.Task<Response>, _ buffer: ByteBuffer) -> EventLoopFuture<Void> {
        accumulator.didReceiveBodyPart(task: task, buffer)
    }

    func didReceiveError(task: HTTPClient.Task<Response>, _ error: any Error) {
        accumulator.didReceiveError(task: task, error)
    }

    func didFinishRequest(task: HTTPClient.Task<Response>) throws -> Response {
        try accumulator.didFinishRequest(task: task)
    }
}
