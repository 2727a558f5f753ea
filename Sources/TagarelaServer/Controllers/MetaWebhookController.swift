import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import TagarelaChannels
import TagarelaCore

/// Meta's WhatsApp Cloud API webhook: the verification handshake (GET) and signed deliveries (POST). A
/// delivery is checked over its exact bytes, everything in it is stored, and only then does Meta get its 200;
/// a storage failure answers 500 so Meta delivers again (redelivery is harmless: ids are stored once).
struct MetaWebhookController {
    let verifyToken: String
    /// Nil only under the development override `WHATSAPP_ALLOW_UNSIGNED_WEBHOOKS`.
    let validator: MetaSignatureValidator?
    /// Our number: deliveries for another number of the same business account are not ours to answer.
    let phoneNumberID: String
    let intake: Intake
    let metrics: ServerMetrics
    let logger: Logger

    static let path = "/webhooks/meta"
    /// A delivery carries a few updates of a kilobyte or so each; Meta batches at most a thousand, which stays
    /// well under a megabyte.
    static let maxBodySize = 1024 * 1024

    func addRoutes(to router: Router<some RequestContext>) {
        router.get(RouterPath(Self.path)) { request, _ in try self.verify(request) }
        router.post(RouterPath(Self.path)) { request, context in
            try await receive(request, context: context)
        }
    }

    /// A delivery, its refusals counted: what every path that takes Meta's POSTs answers with.
    func receive(_ request: Request, context: some RequestContext) async throws -> Response {
        try await metrics.countingRefusals(of: .meta) { try await deliver(request, context: context) }
    }

    /// `hub.mode=subscribe&hub.verify_token=…&hub.challenge=…`: the bare challenge back, or 403.
    func verify(_ request: Request) throws -> Response {
        let query = request.uri.queryParameters
        guard query["hub.mode"] == "subscribe", let token = query["hub.verify_token"],
            SecretDigest.equal(token, verifyToken)
        else {
            logger.warning("Meta webhook verification refused: wrong mode or verify token")
            throw HTTPError(.forbidden, message: "Wrong hub.mode or hub.verify_token.")
        }
        let challenge = query["hub.challenge"].map(String.init) ?? ""
        return Response(
            status: .ok, headers: [.contentType: "text/plain; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: challenge)))
    }

    func deliver(_ request: Request, context: some RequestContext) async throws -> Response {
        let signature = request.headers[HTTPField.Name(MetaSignatureValidator.signatureHeader)!]
        // Without even a signature there is nothing to check the body against: refused before it is read.
        if validator != nil, signature?.isEmpty ?? true {
            logger.warning("Meta webhook without a signature refused")
            throw HTTPError(.forbidden, message: "Missing or invalid X-Hub-Signature-256.")
        }
        let body = try await request.webhookBody(upTo: Self.maxBodySize, of: "a Meta webhook")
        let bytes = Array(body.readableBytesView)
        if let validator {
            guard validator.isValid(body: bytes, signature: signature) else {
                logger.warning("Meta webhook with a missing or wrong signature refused")
                throw HTTPError(.forbidden, message: "Missing or invalid X-Hub-Signature-256.")
            }
        } else {
            logger.warning("Meta webhook accepted WITHOUT a signature check (WHATSAPP_ALLOW_UNSIGNED_WEBHOOKS)")
        }
        let batch: MetaWebhookBatch
        do {
            batch = try MetaWebhookParser.parse(bytes)
        } catch {
            throw HTTPError(.badRequest, message: "Not a WhatsApp Business Account webhook: \(error)")
        }
        let outcome = try await store(batch, logger: context.logger)
        metrics.webhookReceived(.meta, outcome.isRedelivery ? .duplicate : .accepted)
        return Response(status: .ok)
    }

    /// Applies everything the delivery carries for our number: number changes, messages and delivery statuses.
    @discardableResult
    func store(_ batch: MetaWebhookBatch, logger: Logger) async throws -> Intake.Outcome {
        let (events, otherNumbers) = batch.events(forPhoneNumberID: phoneNumberID)
        if otherNumbers > 0 {
            logger.notice("Meta updates for another phone number id ignored", metadata: ["count": "\(otherNumbers)"])
        }
        let outcome = try await intake.apply(events)
        for error in batch.errors {
            logger.error("Meta reports an error", metadata: ["error": "\(error)"])
        }
        for reason in batch.skipped {
            logger.notice("Meta update skipped", metadata: ["reason": "\(reason)"])
        }
        if outcome.earlyStatuses > 0 {
            // Everything else is stored; Meta delivers the whole batch again, and the rest is deduplicated.
            logger.info("status before its send was recorded; asking Meta to deliver it again")
            throw HTTPError(.serviceUnavailable, message: "A status arrived before its message was recorded; retry.")
        }
        return outcome
    }
}
