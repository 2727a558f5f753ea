import AsyncHTTPClient
import Foundation
import NIOHTTP1
import TagarelaCore

extension TwilioSender {
    /// Runs the request with one deadline for the whole exchange and classifies what came back.
    func execute(_ request: HTTPClient.Request) async -> SendOutcome {
        switch await HTTPExchange.run(request, on: httpClient, timeout: timeout, logger: logger) {
        case .answered(let status, let headers, let body):
            Self.outcome(status: status, headers: headers, body: Data(body))
        case .failed(let outcome): outcome
        }
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
            return .retryable(reason: reason, retryAfter: HTTPExchange.retryAfter(in: headers))
        }
        if (400..<500).contains(status) {
            return .rejected(code: code.map(String.init) ?? String(status), reason: reason, optedOut: code == 21610)
        }
        return .unknown(reason: "unexpected \(reason)")
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
