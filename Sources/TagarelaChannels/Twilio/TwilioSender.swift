import AsyncHTTPClient
import Foundation
import Logging
import NIOHTTP1
import TagarelaCore

/// Sends WhatsApp text through Twilio's Messages REST API (Twilio's Message resource docs).
public struct TwilioSender: ChannelSender {
    public let channel = ChannelKind.twilio
    /// Twilio refuses a `Body` longer than 1,600 characters (error 21617).
    public let maxTextLength = 1600

    let httpClient: HTTPClient
    let accountSID: String
    let authToken: String
    let from: String?
    let messagingServiceSID: String?
    let endpoint: String
    var statusCallbackURL: String?
    /// `PUBLIC_URL`: voice notes are sent as `<mediaBaseURL>/media/<id>.ogg`, which Twilio fetches.
    var mediaBaseURL: String?
    /// Without `PUBLIC_URL`: where the origin of the last signed webhook is kept, the base of links at each send.
    let linkOrigins: (any WebhookOriginStore)?
    /// The status callback's path on that origin; nil when callbacks are off.
    let statusCallbackPath: String?
    let timeout: Duration
    let logger: Logger

    /// `from` is the WhatsApp sender (`whatsapp:+1415…`); `messagingServiceSID` (`MG…`) is used when it is nil.
    /// Both serve only messages that answer nothing: a reply goes out from the number the contact wrote to.
    public init(
        httpClient: HTTPClient,
        accountSID: String,
        authToken: String,
        from: String?,
        messagingServiceSID: String?,
        apiBaseURL: String = "https://api.twilio.com",
        statusCallbackURL: String?,
        mediaBaseURL: String? = nil,
        linkOrigins: (any WebhookOriginStore)? = nil,
        statusCallbackPath: String? = nil,
        timeout: Duration,
        logger: Logger
    ) {
        self.linkOrigins = linkOrigins
        self.statusCallbackPath = statusCallbackPath
        var mediaBase = mediaBaseURL.flatMap { $0.isEmpty ? nil : $0 }
        while mediaBase?.hasSuffix("/") == true { mediaBase?.removeLast() }
        self.mediaBaseURL = mediaBase
        self.httpClient = httpClient
        self.accountSID = accountSID
        self.authToken = authToken
        self.from = from.flatMap { $0.isEmpty ? nil : $0 }
        self.messagingServiceSID = messagingServiceSID.flatMap { $0.isEmpty ? nil : $0 }
        var base = apiBaseURL
        while base.hasSuffix("/") { base.removeLast() }
        self.endpoint = "\(base)/2010-04-01/Accounts/\(FormURLEncoded.percentEncode(accountSID))/Messages.json"
        self.statusCallbackURL = statusCallbackURL.flatMap { $0.isEmpty ? nil : $0 }
        self.timeout = timeout
        self.logger = logger
    }

    public func send(_ message: OutboundEnvelope) async -> SendOutcome {
        await withLinks().sendWithLinks(message)
    }

    /// This sender with its links built on the origin of the last signed webhook, when `PUBLIC_URL` gave none.
    func withLinks() async -> TwilioSender {
        guard mediaBaseURL == nil, let linkOrigins, let origin = try? await linkOrigins.webhookOrigin() else {
            return self
        }
        var sender = self
        sender.mediaBaseURL = origin
        sender.statusCallbackURL = statusCallbackURL ?? statusCallbackPath.map { origin + $0 }
        return sender
    }

    private func sendWithLinks(_ message: OutboundEnvelope) async -> SendOutcome {
        guard message.kind != .template || OutboundTemplate(storedText: message.text)?.contentSID != nil else {
            return .rejected(
                code: nil, reason: "a Twilio template needs its Content SID (the re-engagement template is Meta's)",
                optedOut: false)
        }
        let to = Redact.address(message.to)
        if message.kind == .voice || message.kind == .image, mediaBaseURL == nil || message.media?.id == nil {
            // Never sent as text instead: the text of a voice note is memory, not a message.
            return .rejected(
                code: nil,
                reason:
                    "a \(message.kind.rawValue) needs PUBLIC_URL (or a first signed webhook) to be served to Twilio",
                optedOut: false
            )
        }
        guard let form = formBody(for: message) else {
            logger.error("twilio send without From or MessagingServiceSid", metadata: ["to": "\(to)"])
            return .rejected(
                code: nil,
                reason: "the contact never wrote to a number of ours and neither TWILIO_WHATSAPP_FROM nor "
                    + "TWILIO_MESSAGING_SERVICE_SID is set", optedOut: false)
        }
        let request: HTTPClient.Request
        do {
            var headers = HTTPHeaders()
            headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
            headers.add(name: "Accept", value: "application/json")
            headers.add(name: "Authorization", value: basicAuthorization)
            request = try HTTPClient.Request(url: endpoint, method: .POST, headers: headers, body: .string(form))
        } catch {
            return .rejected(code: nil, reason: "invalid Twilio endpoint: \(error)", optedOut: false)
        }
        let outcome = await execute(request).maskingAddress(message.to)
        switch outcome {
        case .accepted(let sid):
            logger.debug("twilio accepted message", metadata: ["to": "\(to)", "sid": "\(sid)"])
        case .rejected(let code, let reason, let optedOut):
            logger.warning(
                "twilio rejected message",
                metadata: ["to": "\(to)", "code": "\(code ?? "-")", "reason": "\(reason)", "optedOut": "\(optedOut)"]
            )
        case .retryable(let reason, let retryAfter):
            logger.warning(
                "twilio send failed, retryable",
                metadata: ["to": "\(to)", "reason": "\(reason)", "retryAfter": "\(retryAfter.map { "\($0)" } ?? "-")"]
            )
        case .unknown(let reason):
            logger.error("twilio send outcome unknown", metadata: ["to": "\(to)", "reason": "\(reason)"])
        }
        return outcome
    }

    /// HTTP Basic credentials: the account SID and its auth token.
    var basicAuthorization: String {
        "Basic " + Data("\(accountSID):\(authToken)".utf8).base64EncodedString()
    }

    /// `To`, `From` (or `MessagingServiceSid`), `Body` and `StatusCallback`, form-encoded; nil without a sender.
    /// The number the contact wrote to wins over the configured sender: WhatsApp's 24-hour window is that
    /// number's, and an account with several numbers answers on each.
    func formBody(for message: OutboundEnvelope) -> String? {
        var fields = [("To", message.to)]
        if let from = message.from ?? from {
            fields.append(("From", from))
        } else if let messagingServiceSID {
            fields.append(("MessagingServiceSid", messagingServiceSID))
        } else {
            return nil
        }
        if message.kind == .template, let template = OutboundTemplate(storedText: message.text),
            let contentSID = template.contentSID
        {
            // An approved template: no Body beside it (Twilio takes the text from the template).
            fields.append(("ContentSid", contentSID))
            if let variables = template.contentVariables, !variables.isEmpty {
                fields.append(("ContentVariables", JSONValue.object(variables.mapValues(JSONValue.string)).jsonText))
            }
        } else if message.kind == .voice, let mediaBaseURL, let id = message.media?.id {
            // No Body: a caption would repeat what the note says.
            fields.append(("MediaUrl", "\(mediaBaseURL)/media/\(id).ogg"))
        } else if message.kind == .image, let mediaBaseURL, let id = message.media?.id {
            // One attachment per WhatsApp message; its caption is the Body.
            fields.append(("MediaUrl", "\(mediaBaseURL)/media/\(id)"))
            if !message.text.isEmpty { fields.append(("Body", message.text)) }
        } else {
            fields.append(("Body", message.text))
        }
        if let statusCallbackURL {
            fields.append(("StatusCallback", statusCallbackURL))
        }
        return FormURLEncoded.encode(fields.map { (name: $0.0, value: $0.1) })
    }
}
