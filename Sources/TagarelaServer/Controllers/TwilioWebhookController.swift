import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import TagarelaChannels
import TagarelaCore

/// Twilio's webhooks: inbound messages and delivery status callbacks. Both are signed; nothing unsigned is
/// stored. An inbound message is stored before the 200, and everything slow happens later, from the database.
struct TwilioWebhookController {
    let validator: TwilioSignatureValidator
    /// Where signatures are computed: `PUBLIC_URL`, or the origin each request names.
    let origin: WebhookOrigin
    let intake: Intake
    let metrics: ServerMetrics
    let logger: Logger

    /// Twilio's own path; the older Python scripts' paths answer too (`SharedWebhookRoutes`), so a Twilio console
    /// need not change.
    static let inboundPath = "/webhooks/twilio"
    static let statusPath = "/webhooks/twilio/status"
    /// Twilio's forms are a few kilobytes (a 1,600-character body percent-encoded is under 15 KB); anything much
    /// larger is not Twilio.
    static let maxBodySize = 64 * 1024

    func addRoutes(to router: Router<some RemoteAddressRequestContext>) {
        router.post(RouterPath(Self.inboundPath)) { request, context in try await receive(request, context: context) }
        router.post(RouterPath(Self.statusPath)) { request, context in
            try await metrics.countingRefusals(of: .twilio) { try await self.status(request, context: context) }
        }
    }

    /// An inbound message, its refusals counted: what every path that takes Twilio's messages answers with.
    func receive(_ request: Request, context: some RemoteAddressRequestContext) async throws -> Response {
        try await metrics.countingRefusals(of: .twilio) { try await inbound(request, context: context) }
    }

    func inbound(_ request: Request, context: some RemoteAddressRequestContext) async throws -> Response {
        let parsed = try await verified(
            request, context: context, as: "a Twilio message webhook", parse: TwilioInboundParser.parse)
        let outcome = try await intake.apply(parsed.inboundMessages.map(ChannelEvent.message))
        metrics.webhookReceived(.twilio, outcome.isRedelivery ? .duplicate : .accepted)
        return Self.emptyTwiML
    }

    func status(_ request: Request, context: some RemoteAddressRequestContext) async throws -> Response {
        let callback = try await verified(
            request, context: context, as: "a Twilio status callback", parse: TwilioStatusCallback.parse)
        _ = try await intake.apply([.delivery(callback.report)])
        metrics.webhookReceived(.twilio, .accepted)
        return Self.emptyTwiML
    }

    /// The verified form as `parse` reads it; a form it refuses is a 400 that says what was expected.
    private func verified<Parsed>(
        _ request: Request, context: some RemoteAddressRequestContext, as expected: String,
        parse: (FormParameters) throws -> Parsed
    ) async throws -> Parsed {
        let form = try await verifiedForm(request, context: context)
        do {
            return try parse(form)
        } catch {
            throw HTTPError(.badRequest, message: "Not \(expected): \(error)")
        }
    }

    /// Reads the form and checks its signature over the public URL of this exact request: one candidate, never a
    /// list to try, so a signature computed over another host is refused.
    private func verifiedForm(_ request: Request, context: some RemoteAddressRequestContext) async throws
        -> FormParameters
    {
        let signature = request.headers[HTTPField.Name(TwilioSignatureValidator.signatureHeader)!]
        guard let signature, !signature.isEmpty else {
            throw HTTPError(.forbidden, message: "Missing X-Twilio-Signature.")
        }
        let body = try await request.webhookBody(upTo: Self.maxBodySize, of: "a Twilio webhook")
        let bytes = body.readableBytesView
        let isForm = request.headers[.contentType]?.lowercased().hasPrefix("application/x-www-form-urlencoded") ?? false
        let form: FormParameters?
        if isForm {
            do {
                form = try FormURLEncoded.decode(bytes)
            } catch {
                throw HTTPError(.badRequest, message: "Malformed form body: \(error)")
            }
        } else {
            form = nil
        }
        guard let base = origin.base(of: request, context: context) else {
            throw HTTPError(.badRequest, message: "No Host header: cannot tell which URL Twilio signed.")
        }
        let url = base + request.uri.string
        let settings = request.headers[HTTPField.Name(TwilioSignatureValidator.signatureSettingsHeader)!]
        guard
            validator.isValid(
                url: url, parameters: form, rawBody: bytes, signature: signature, signatureSettings: settings)
        else {
            logger.warning("Twilio webhook with a wrong signature refused", metadata: ["path": "\(request.uri.path)"])
            throw HTTPError(.forbidden, message: "Invalid X-Twilio-Signature.")
        }
        guard let form else {
            throw HTTPError(.badRequest, message: "Expected an application/x-www-form-urlencoded body.")
        }
        await origin.signed(base)
        return form
    }

    static var emptyTwiML: Response {
        Response(
            status: .ok, headers: [.contentType: "text/xml; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: #"<?xml version="1.0" encoding="UTF-8"?><Response/>"#)))
    }
}
