import AsyncHTTPClient
import Foundation
import Logging
import NIOHTTP1
import TagarelaCore

extension MetaSender {
    /// The typing indicator is a courtesy: it must never hold up the answer it announces.
    static let typingTimeout: Duration = .seconds(3)

    /// Marks the contact's message read and shows "typing…" in one call; failures are only logged.
    public func showTyping(inReplyTo providerMessageID: String) async {
        let failure: String
        do {
            let body = try JSONEncoder().encode(MetaTypingRequest(messageID: providerMessageID))
            let request = try HTTPClient.Request(url: messagesURL, method: .POST, headers: headers, body: .data(body))
            switch await HTTPExchange.run(
                request, on: httpClient, timeout: min(timeout, Self.typingTimeout), logger: logger)
            {
            case .answered(let status, _, let body) where (200..<300).contains(status):
                guard (try? JSONDecoder().decode(Success.self, from: Data(body)))?.success == true else {
                    failure = "HTTP \(status) without success"
                    break
                }
                return
            case .answered(let status, let headers, let body):
                failure = "\(Self.outcome(status: status, headers: headers, body: body))"
            case .failed(let outcome):
                failure = "\(outcome)"
            }
        } catch {
            failure = "\(error)"
        }
        logger.warning(
            "meta typing indicator failed", metadata: ["wamid": "\(providerMessageID)", "reason": "\(failure)"])
    }
}

/// The answer to a read receipt: `{"success":true}`.
private struct Success: Decodable {
    var success: Bool?
}
