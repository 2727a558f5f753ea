import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import TagarelaCore

/// Posts each alert as JSON to `ALERT_WEBHOOK_URL`: a `text` line, as Slack, Mattermost, Discord (via its Slack
/// endpoint) and Google Chat take it, plus the details for anything else. Numbers are masked; the dashboard
/// link shows the rest to whoever may see it. Every alert is also logged.
struct WebhookAlertSink: AlertSink {
    let url: URL?
    /// For links to the conversation in the dashboard.
    let publicURL: URL?
    /// Without `PUBLIC_URL`, the links start at the origin of the last correctly signed webhook.
    var origins: (any WebhookOriginStore)? = nil
    let httpClient: HTTPClient
    let logger: Logger

    struct Payload: Encodable {
        var text: String
        var event: String
        var contactID: Int64
        var contact: String
        var detail: String?
        var link: String?
    }

    func raise(_ alert: Alert) async {
        let payload = Self.payload(for: alert, origin: await LinkOrigin.current(publicURL, origins, logger: logger))
        logger.notice(
            "alert",
            metadata: ["event": "\(payload.event)", "contact": "\(alert.contactID)", "text": "\(payload.text)"])
        guard let url else { return }
        do {
            var request = HTTPClientRequest(url: url.absoluteString)
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: try JSONEncoder().encode(payload)))
            let response = try await httpClient.execute(request, timeout: .seconds(10))
            guard (200..<300).contains(response.status.code) else {
                logger.error("the alert webhook refused an alert", metadata: ["status": "\(response.status.code)"])
                return
            }
        } catch {
            logger.error("could not post an alert to the webhook", metadata: ["error": "\(error)"])
        }
    }

    /// The alert as posted. Only `text` is Slack markup, so only it is escaped; every field is one line.
    static func payload(for alert: Alert, origin: String?) -> Payload {
        let link = origin.map { "\($0)/admin/conversations/\(alert.contactID)" }
        switch alert {
        case .handoff(let id, let name, let address, let reason):
            let who = who(name, address)
            return Payload(
                text: "🙋 \(inert(who)) asked for a person: \(inert(reason))" + (link.map { " — \($0)" } ?? ""),
                event: "handoff", contactID: id, contact: singleLine(who), detail: singleLine(reason), link: link)
        case .failingTurns(let id, let name, let address, let count, let note):
            let who = who(name, address)
            return Payload(
                text: "⚠️ The last \(count) answers to \(inert(who)) failed\(note.map { " (\(inert($0)))" } ?? "")"
                    + (link.map { " — \($0)" } ?? ""),
                event: "failing_turns", contactID: id, contact: singleLine(who), detail: note.map(singleLine),
                link: link)
        }
    }

    private static func who(_ name: String?, _ address: String) -> String {
        let masked = Redact.address(address)
        return name.map { "\($0) (\(masked))" } ?? masked
    }
}
