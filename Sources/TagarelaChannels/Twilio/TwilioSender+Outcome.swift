import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Synchronization
import TagarelaCore

extension TwilioSender {
    /// Runs the request with one deadline for the whole exchange and classifies what came back.
    func execute(_ request: HTTPClient.Request) async -> SendOutcome {
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
            let body = response.body.map { Data($0.readableBytesView) } ?? Data()
            return Self.outcome(status: Int(response.status.code), headers: response.headers, body: body)
        } catch {
            return Self.outcome(for: error, requestWasSent: tracker.requestWasSent)
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

    /// Classifies Twilio's answer; its error JSON is `{"code":21610,"message":…,"more_info":…,"status":400}`.
    static func outcome(status: Int, headers: HTTPHeaders, body: Data) -> SendOutcome {
        let error = try? JSONDecoder().decode(TwilioErrorBody.self, from: body)
        if (200..<300).contains(status) {
            guard let sid = (try? JSONDecoder().decode(TwilioMessageBody.self, from: body))?.sid, !sid.isEmpty else {
                // Taken, but without a sid to track: resending would duplicate it.
                return .unknown(reason: "HTTP \(status) without a message sid")
            }
            return .accepted(providerMessageID: sid)
        }
        let code = error?.code
        let reason = "HTTP \(status)\(code.map { " code \($0)" } ?? ""): \(error?.message ?? "no message")"
        // 20429 is the REST API's own rate limit and 63018 the WhatsApp channel's: both mean "try later".
        if status == 429 || status >= 500 || code == 20429 || code == 63018 {
            return .retryable(reason: reason, retryAfter: retryAfter(in: headers))
        }
        if (400..<500).contains(status) {
            return .rejected(code: code.map(String.init) ?? String(status), reason: reason, optedOut: code == 21610)
        }
        return .unknown(reason: "unexpected \(reason)")
    }

    /// Twilio's messages quote the number ("Invalid 'To' Phone Number: whatsapp:+55…"): mask it before the
    /// reason reaches a log line or the outbox.
    static func redacting(_ outcome: SendOutcome, address: String) -> SendOutcome {
        let bare = String(address.split(separator: ":", maxSplits: 1).last ?? "")
        func mask(_ text: String) -> String {
            var text = text.replacingOccurrences(of: address, with: Redact.address(address))
            if bare.count > 4 { text = text.replacingOccurrences(of: bare, with: Redact.address(bare)) }
            return text
        }
        switch outcome {
        case .accepted: return outcome
        case .rejected(let code, let reason, let optedOut):
            return .rejected(code: code, reason: mask(reason), optedOut: optedOut)
        case .retryable(let reason, let retryAfter): return .retryable(reason: mask(reason), retryAfter: retryAfter)
        case .unknown(let reason): return .unknown(reason: mask(reason))
        }
    }

    /// `Retry-After` as whole seconds or an HTTP date (IMF-fixdate).
    static func retryAfter(in headers: HTTPHeaders) -> Duration? {
        guard let text = headers.first(name: "retry-after")?.trimmingCharacters(in: .whitespaces) else {
            return nil
        }
        if let seconds = Double(text), seconds >= 0 {
            return .interval(seconds)
        }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: text) else { return nil }
        return .interval(max(0, date.timeIntervalSinceNow))
    }
}

/// Twilio's error answer; only the numeric code and message matter here.
private struct TwilioErrorBody: Decodable {
    var code: Int?
    var message: String?
}

/// The one field of the Message resource the outbox keeps.
private struct TwilioMessageBody: Decodable {
    var sid: String?
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
