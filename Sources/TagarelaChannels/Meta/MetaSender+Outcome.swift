import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import TagarelaCore

extension MetaSender {
    /// Graph error for an invalid or expired access token: every send fails until someone renews it.
    static let expiredTokenCode = "190"

    /// Codes that mean "too much, try later" (Meta's Cloud API error codes): 130429 throughput, 131056 pair rate limit,
    /// 4 and 80007 app rate limits; 2 and 133004 are Meta's "temporarily unavailable".
    static let retryableCodes: Set<Int> = [4, 80007, 130429, 131056, 2, 133004]

    /// Runs the request with one deadline for the whole exchange and classifies what came back.
    func execute(_ request: HTTPClient.Request) async -> SendOutcome {
        switch await HTTPExchange.run(request, on: httpClient, timeout: timeout, logger: logger) {
        case .answered(let status, let headers, let body): Self.outcome(status: status, headers: headers, body: body)
        case .failed(let outcome): outcome
        }
    }

    /// Classifies the Graph API's answer: `messages[0].id` on success, a Graph error object otherwise.
    static func outcome(status: Int, headers: HTTPHeaders, body: [UInt8]) -> SendOutcome {
        if (200..<300).contains(status) {
            guard let id = (try? JSONDecoder().decode(SendResponse.self, from: Data(body)))?.messages?.first?.id,
                !id.isEmpty
            else {
                // Taken, but without an id to track: resending could duplicate it.
                return .unknown(reason: "HTTP \(status) without a message id")
            }
            return .accepted(providerMessageID: id)
        }
        let error = MetaGraphError.parse(responseBody: body)
        let code = error?.code
        let reason = "HTTP \(status)\(code.map { " code \($0)" } ?? ""): \(error?.summary ?? "no Graph error")"
        if status == 429 || status >= 500 || code.map(retryableCodes.contains) == true || error?.isTransient == true {
            return .retryable(reason: reason, retryAfter: HTTPExchange.retryAfter(in: headers))
        }
        if (400..<500).contains(status) {
            return .rejected(code: error?.codeText ?? String(status), reason: reason, optedOut: false)
        }
        return .unknown(reason: "unexpected \(reason)")
    }
}

/// The part of a send's answer the outbox keeps: `{"messages":[{"id":"wamid…"}]}`.
private struct SendResponse: Decodable {
    struct Message: Decodable {
        var id: String?
    }

    var messages: [Message]?
}
