import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import TagarelaCore

/// After a send whose answer never came (a timeout, or a crash mid-send), Twilio's Messages list says
/// whether it took the message, so the outbox neither loses it nor sends it twice.
extension TwilioSender: SentMessageLookup {
    public var sentLookup: (any SentMessageLookup)? { self }

    public func findSent(_ message: OutboundEnvelope, since: Date) async -> SentLookup {
        // No DateSent filter: a message still queued at Twilio has no date_sent yet. The list is newest first.
        var query = [("To", message.to), ("PageSize", "50")]
        if let from { query.append(("From", from)) }
        var request = HTTPClientRequest(
            url: endpoint + "?" + FormURLEncoded.encode(query.map { (name: $0.0, value: $0.1) }))
        request.headers.add(name: "Authorization", value: basicAuthorization)
        request.headers.add(name: "Accept", value: "application/json")
        do {
            let response = try await httpClient.execute(request, timeout: .init(timeout))
            let body = try await response.body.collect(upTo: 4 << 20)
            guard response.status == .ok else {
                return .unavailable(reason: "Twilio answered \(response.status.code) to the Messages list")
            }
            let page = try JSONDecoder.snakeCase().decode(MessagePage.self, from: Data(body.readableBytesView))
            // Twilio's clock and ours differ a little: allow a minute before the send started.
            let earliest = since.addingTimeInterval(-60)
            let match = page.messages.first { resource in
                // A voice note went with no Body and one MediaUrl; the list shows their count, not the URLs.
                let sameContent =
                    message.kind == .voice
                    ? (resource.body ?? "").isEmpty && (resource.numMedia ?? "0") != "0"
                    : resource.body == message.text
                return sameContent && (resource.createdAt.map { $0 >= earliest } ?? true)
            }
            return match.map { .found(providerMessageID: $0.sid) } ?? .notFound
        } catch {
            return .unavailable(reason: "\(error)")
        }
    }

    /// One page of `GET …/Messages.json`.
    struct MessagePage: Decodable {
        var messages: [Resource]

        struct Resource: Decodable {
            var sid: String
            var body: String?
            var dateCreated: String?
            /// A string, as Twilio writes it (`"1"`).
            var numMedia: String?

            /// `date_created` is RFC 2822, e.g. `Thu, 24 Aug 2023 05:01:45 +0000`.
            var createdAt: Date? {
                guard let dateCreated else { return nil }
                let formatter = DateFormatter()
                formatter.locale = Locale(identifier: "en_US_POSIX")
                formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
                return formatter.date(from: dateCreated)
            }
        }
    }
}
