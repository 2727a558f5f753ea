import Foundation
import Hummingbird

/// A Twilio error answer: `{"code","message","more_info","status"}` with the same HTTP status.
struct TwilioError {
    var status: Int
    var code: Int
    var message: String
    var retryAfter: String?

    init(_ status: Int, _ code: Int, _ message: String, retryAfter: String? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.retryAfter = retryAfter
    }

    var response: Response {
        let body: [String: Any] = [
            "code": code, "message": message, "more_info": "https://www.twilio.com/docs/errors/\(code)",
            "status": status,
        ]
        return jsonResponse(status: status, body, headers: retryAfter.map { ["Retry-After": $0] } ?? [:])
    }
}

/// Form decoding, the Messages resource's rules, and its JSON.
enum TwilioForm {
    /// Decodes `application/x-www-form-urlencoded` (`+` is a space); nil when an escape is malformed.
    static func decode(_ text: String) -> [String: [String]]? {
        var form: [String: [String]] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let decoded = parts.map { $0.replacingOccurrences(of: "+", with: " ").removingPercentEncoding }
            guard let name = decoded[0], let value = decoded.count > 1 ? decoded[1] : "" else { return nil }
            form[name, default: []].append(value)
        }
        return form
    }

    /// The checks Twilio makes before queueing a WhatsApp message (Twilio's Message resource and WhatsApp FAQ docs).
    static func check(_ form: [String: [String]]) -> TwilioError? {
        guard let to = form["To"]?.first, !to.isEmpty else {
            return TwilioError(400, 21604, "A 'To' phone number is required.")
        }
        guard to.hasPrefix("whatsapp:") else {
            return TwilioError(400, 21910, "Invalid From and To pair. From and To should be of the same channel")
        }
        guard isWhatsAppAddress(to) else {
            return TwilioError(400, 21211, "Invalid 'To' Phone Number: \(to)")
        }
        if let from = form["From"]?.first {
            guard from.hasPrefix("whatsapp:+"), isWhatsAppAddress(from) else {
                return TwilioError(400, 21212, "Invalid From Number (caller ID): \(from)")
            }
        } else if let service = form["MessagingServiceSid"]?.first {
            guard service.hasPrefix("MG"), service.count == 34 else {
                return TwilioError(400, 21701, "The Messaging Service Sid \(service) is invalid.")
            }
        } else {
            return TwilioError(400, 21603, "A 'From' phone number is required.")
        }
        let body = form["Body"]?.first ?? ""
        guard !body.isEmpty || form["MediaUrl"] != nil || form["ContentSid"] != nil else {
            return TwilioError(400, 21602, "Message body is required.")
        }
        if let contentSID = form["ContentSid"]?.first {
            // An approved template: its text is Twilio's, so no Body or MediaUrl beside it.
            guard contentSID.hasPrefix("HX"), contentSID.count == 34 else {
                return TwilioError(400, 21655, "The ContentSid is Invalid.")
            }
            guard body.isEmpty, form["MediaUrl"] == nil else {
                return TwilioError(400, 21619, "A text message body or media urls must not be sent with a ContentSid.")
            }
            if let variables = form["ContentVariables"]?.first {
                let object = try? JSONSerialization.jsonObject(with: Data(variables.utf8)) as? [String: String]
                guard object != nil else {
                    return TwilioError(400, 21656, "The ContentVariables Parameter is invalid.")
                }
            }
        }
        let media = form["MediaUrl"] ?? []
        // Twilio fetches each URL itself: it must be an absolute http(s) URL, ten at most.
        if media.count > 10
            || media.contains(where: { URL(string: $0)?.scheme.map { ["http", "https"].contains($0) } != true })
        {
            return TwilioError(400, 21620, "Media urls: \(media.joined(separator: ", ")) are invalid.")
        }
        guard body.utf16.count <= 1600 else {
            return TwilioError(400, 21617, "The concatenated message body exceeds the 1600 character limit")
        }
        return nil
    }

    /// `whatsapp:+<8-15 digits>`, or a 2026 business-scoped user id such as `whatsapp:US.1234`.
    static func isWhatsAppAddress(_ address: String) -> Bool {
        let rest = address.dropFirst("whatsapp:".count)
        if rest.hasPrefix("+") {
            let digits = rest.dropFirst()
            return (8...15).contains(digits.count) && digits.allSatisfy(\.isASCII) && digits.allSatisfy(\.isNumber)
        }
        return rest.contains(".") && rest.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == ".") }
    }

    /// A resource sid: the prefix and 32 lowercase hex digits.
    static func newSID(prefix: String) -> String {
        prefix + (0..<16).map { _ in String(format: "%02x", UInt8.random(in: 0...255)) }.joined()
    }

    /// The Message resource as the 201 answer carries it.
    static func messageResource(_ sent: FakeTwilio.Sent, accountSID: String, form: [String: [String]]) -> [String: Any]
    {
        let now = RFC2822Clock.shared.now()
        let uri = "/2010-04-01/Accounts/\(accountSID)/Messages/\(sent.sid)"
        return [
            "sid": sent.sid, "account_sid": accountSID, "api_version": "2010-04-01",
            "from": sent.from ?? NSNull(), "to": sent.to, "body": sent.body ?? "",
            "messaging_service_sid": sent.messagingServiceSID ?? NSNull(),
            "status": "queued", "direction": "outbound-api", "num_segments": "1",
            "num_media": String(form["MediaUrl"]?.count ?? 0), "price": NSNull(), "price_unit": "USD",
            "error_code": NSNull(), "error_message": NSNull(),
            "date_created": now, "date_updated": now, "date_sent": NSNull(),
            "uri": uri + ".json", "subresource_uris": ["media": uri + "/Media.json"],
        ]
    }
}

/// Twilio's RFC 2822 dates, formatted once a second: a formatter per answer would make the fake, not the
/// server under test, the bottleneck of the benchmark.
final class RFC2822Clock: @unchecked Sendable {
    static let shared = RFC2822Clock()

    private let lock = NSLock()
    private let formatter: DateFormatter
    private var second = 0
    private var text = ""

    private init() {
        formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
    }

    func now() -> String {
        let date = Date()
        return lock.withLock {
            let current = Int(date.timeIntervalSince1970)
            if current != second {
                second = current
                text = formatter.string(from: date)
            }
            return text
        }
    }
}
