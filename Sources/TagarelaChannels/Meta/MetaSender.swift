import AsyncHTTPClient
import Foundation
import Logging
import NIOHTTP1
import TagarelaCore

/// Sends WhatsApp text through Meta's Cloud API, `POST {base}/{phone-number-id}/messages` (Meta's Cloud API messages
/// reference).
public struct MetaSender: ChannelSender, TypingIndicator {
    public let channel = ChannelKind.meta
    /// Meta's limit for `text.body` is 4,096 characters; counted here in UTF-16 units, never fewer than characters.
    public let maxTextLength: Int

    /// Graph error for a free-form message outside WhatsApp's 24-hour window ("re-engagement message").
    public static let outsideWindowCode = WhatsAppWindow.metaOutsideWindowCode

    let httpClient: HTTPClient
    let accessToken: String
    let phoneNumberID: String
    let graphAPIBaseURL: String
    let messagesURL: String
    let timeout: Duration
    let reengagementTemplate: MetaTemplate?
    /// Where voice notes' and photos' files are read from before upload; nil refuses them.
    let mediaStore: (any MediaStore)?
    /// Makes a JPEG of a photo Meta would refuse (a WebP, a GIF); nil refuses such photos.
    let imageFitter: (any ImageFitter)?
    let timeSource: any TimeSource
    let logger: Logger

    /// `graphAPIBaseURL` includes the version, e.g. `https://graph.facebook.com/v23.0`. `reengagementTemplate`
    /// is sent instead of the text when the 24-hour window has closed; without one such sends are refused.
    public init(
        httpClient: HTTPClient,
        accessToken: String,
        phoneNumberID: String,
        graphAPIBaseURL: String,
        timeout: Duration,
        maxTextLength: Int = 4096,
        reengagementTemplate: MetaTemplate? = nil,
        mediaStore: (any MediaStore)? = nil,
        imageFitter: (any ImageFitter)? = nil,
        timeSource: any TimeSource,
        logger: Logger
    ) {
        self.mediaStore = mediaStore
        self.imageFitter = imageFitter
        var base = graphAPIBaseURL
        while base.hasSuffix("/") { base.removeLast() }
        self.httpClient = httpClient
        self.accessToken = accessToken
        self.phoneNumberID = phoneNumberID
        self.graphAPIBaseURL = base
        let encodedID = phoneNumberID.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? phoneNumberID
        self.messagesURL = "\(base)/\(encodedID)/messages"
        self.timeout = timeout
        self.maxTextLength = maxTextLength
        self.reengagementTemplate = reengagementTemplate
        self.timeSource = timeSource
        self.logger = logger
    }

    public func send(_ message: OutboundEnvelope) async -> SendOutcome {
        if message.kind == .template {
            if let chosen = OutboundTemplate(storedText: message.text), let name = chosen.name {
                return await deliver(
                    .template(chosen, name: name, to: message.to), kind: "template \(name)", address: message.to)
            }
            // Queued after Meta reported a reply outside the window: the configured template, whatever the time.
            guard let template = reengagementTemplate else {
                return .rejected(code: nil, reason: "no re-engagement template is configured", optedOut: false)
            }
            return await sendTemplate(to: message.to, template: template)
        }
        // Unknown (nil) is left to Meta, whose answer below decides.
        if message.lastInboundAt != nil,
            !WhatsAppWindow.isOpen(lastInboundAt: message.lastInboundAt, now: timeSource.now())
        {
            guard let template = reengagementTemplate else {
                let outcome = SendOutcome.rejected(
                    code: Self.outsideWindowCode,
                    reason: "outside the 24-hour customer-service window and no re-engagement template is configured",
                    optedOut: false
                )
                log(outcome, kind: "text", address: message.to)
                return outcome
            }
            return await sendTemplate(to: message.to, template: template)
        }
        if message.kind == .voice { return await sendVoice(message) }
        if message.kind == .image { return await sendImage(message) }
        let outcome = await deliver(.text(message.text, to: message.to), kind: "text", address: message.to)
        // Our clock and Meta's can disagree about the window (or `lastInboundAt` was unknown): Meta's answer wins.
        if case .rejected(code: Self.outsideWindowCode, _, _) = outcome, let template = reengagementTemplate {
            return await sendTemplate(to: message.to, template: template)
        }
        return outcome
    }

    /// Sends an approved template, which WhatsApp delivers whatever the time since the contact last wrote.
    public func sendTemplate(to address: String, template: MetaTemplate) async -> SendOutcome {
        await deliver(.template(template, to: address), kind: "template \(template.name)", address: address)
    }

    /// Posts one message and classifies the answer; every outcome is logged with the address masked.
    func deliver(_ body: MetaSendRequest, kind: String, address: String) async -> SendOutcome {
        guard !address.isEmpty else {
            return .rejected(code: nil, reason: "no recipient address", optedOut: false)
        }
        let request: HTTPClient.Request
        do {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.withoutEscapingSlashes]
            request = try HTTPClient.Request(
                url: messagesURL, method: .POST, headers: headers, body: .data(try encoder.encode(body)))
        } catch {
            return .rejected(code: nil, reason: "invalid Graph API request: \(error)", optedOut: false)
        }
        let outcome = await execute(request).maskingAddress(address)
        log(outcome, kind: kind, address: address)
        return outcome
    }

    var headers: HTTPHeaders {
        var headers = HTTPHeaders()
        headers.add(name: "Authorization", value: "Bearer \(accessToken)")
        headers.add(name: "Content-Type", value: "application/json")
        headers.add(name: "Accept", value: "application/json")
        return headers
    }

    func log(_ outcome: SendOutcome, kind: String, address: String) {
        let to = Redact.address(address)
        switch outcome {
        case .accepted(let id):
            logger.debug("meta accepted message", metadata: ["to": "\(to)", "kind": "\(kind)", "wamid": "\(id)"])
        case .rejected(let code, let reason, _):
            if code == Self.expiredTokenCode {
                logger.error(
                    "meta access token is invalid or expired: renew it (Graph error 190)",
                    metadata: ["reason": "\(reason)"])
            }
            logger.warning(
                "meta rejected message",
                metadata: ["to": "\(to)", "kind": "\(kind)", "code": "\(code ?? "-")", "reason": "\(reason)"])
        case .retryable(let reason, let retryAfter):
            logger.warning(
                "meta send failed, retryable",
                metadata: [
                    "to": "\(to)", "kind": "\(kind)", "reason": "\(reason)",
                    "retryAfter": "\(retryAfter.map { "\($0)" } ?? "-")",
                ])
        case .unknown(let reason):
            logger.error(
                "meta send outcome unknown", metadata: ["to": "\(to)", "kind": "\(kind)", "reason": "\(reason)"])
        }
    }
}
