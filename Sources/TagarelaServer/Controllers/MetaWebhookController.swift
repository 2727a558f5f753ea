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
    let inbox: Inbox
    let store: any ConversationStore
    /// `WHATSAPP_REENGAGEMENT_TEMPLATE`: queued when Meta reports a reply failed outside the 24-hour window.
    let reengagementTemplate: String?
    let outboxSignal: WorkSignal
    let timeSource: any TimeSource
    let metrics: ServerMetrics
    let logger: Logger

    static let path = "/webhooks/meta"
    /// A status can overtake the answer to the send it reports on (Meta is fast; we record the id when the
    /// answer arrives). A status this young for a message we do not know yet is asked for again, not dropped.
    static let earlyStatusWindow: Duration = .seconds(60)
    /// A delivery carries a few updates of a kilobyte or so each; Meta batches at most a thousand, which stays
    /// well under a megabyte.
    static let maxBodySize = 1024 * 1024

    func addRoutes(to router: Router<some RequestContext>) {
        router.get(RouterPath(Self.path)) { request, _ in try self.verify(request) }
        router.post(RouterPath(Self.path)) { request, context in
            try await metrics.countingRefusals(of: .meta) { try await self.deliver(request, context: context) }
        }
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
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: Self.maxBodySize)
        } catch {
            throw HTTPError(.contentTooLarge, message: "The body is larger than a Meta webhook can be.")
        }
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
        let duplicates = try await store(batch, logger: context.logger)
        let redelivery = !batch.messages.isEmpty && duplicates == batch.messages.count
        metrics.webhookReceived(.meta, redelivery ? .duplicate : .accepted)
        return Response(status: .ok)
    }

    /// Stores everything the delivery carries: messages, number changes and delivery statuses. Returns how
    /// many of its messages were stored before (a redelivery).
    @discardableResult
    func store(_ batch: MetaWebhookBatch, logger: Logger) async throws -> Int {
        var duplicates = 0
        for change in batch.numberChanges where isOurs(change.phoneNumberID) {
            try await moveNumber(change, logger: logger)
        }
        for inbound in batch.messages {
            guard isOurs(inbound.phoneNumberID) else {
                logger.notice("Meta message for another phone number id ignored")
                continue
            }
            let message = inbound.message
            let result = try await inbox.receive(message)
            if case .duplicate = result {
                duplicates += 1
                logger.info("duplicate Meta delivery ignored", metadata: ["wamid": "\(message.providerMessageID)"])
            } else if inbox.isStale(message, now: timeSource.now()) {
                logger.notice(
                    "old Meta message stored without a reply",
                    metadata: [
                        "wamid": "\(message.providerMessageID)", "sent": "\(message.sentAt.map { "\($0)" } ?? "-")",
                    ])
            } else if case .unsupported(let kind, _) = message.content {
                logger.notice("Meta message of a kind not handled yet", metadata: ["kind": "\(kind)"])
            }
        }
        var early = 0
        for status in batch.statuses where isOurs(status.phoneNumberID) {
            guard let newStatus = status.status else {
                logger.debug("Meta status without meaning here", metadata: ["status": "\(status.rawStatus)"])
                continue
            }
            let found = try await store.recordDeliveryStatus(
                channel: .meta, providerMessageID: status.providerMessageID, status: newStatus,
                errorCode: status.errorCode, errorDetail: status.errorSummary, optedOut: false,
                at: status.timestamp ?? timeSource.now())
            guard found else {
                if let at = status.timestamp,
                    timeSource.now().timeIntervalSince(at) < Self.earlyStatusWindow.timeInterval
                {
                    early += 1
                } else {
                    logger.notice(
                        "status for a message we do not know", metadata: ["wamid": "\(status.providerMessageID)"])
                }
                continue
            }
            if newStatus == .failed {
                logger.error(
                    "Meta reports a reply failed",
                    metadata: ["wamid": "\(status.providerMessageID)", "code": "\(status.errorCode ?? "-")"])
                if status.errorCode == MetaSender.outsideWindowCode {
                    try await reengage(after: status.providerMessageID, logger: logger)
                }
            }
        }
        for error in batch.errors {
            logger.error("Meta reports an error", metadata: ["error": "\(error)"])
        }
        for reason in batch.skipped {
            logger.notice("Meta update skipped", metadata: ["reason": "\(reason)"])
        }
        if early > 0 {
            // Everything else is stored; Meta delivers the whole batch again, and the rest is deduplicated.
            logger.info("status before its send was recorded; asking Meta to deliver it again")
            throw HTTPError(.serviceUnavailable, message: "A status arrived before its message was recorded; retry.")
        }
        return duplicates
    }

    /// Meta often reports "outside the 24-hour window" only in a status, after taking the message: the
    /// configured template is queued then, once per closed window (until the contact writes again).
    private func reengage(after wamid: String, logger: Logger) async throws {
        guard let template = reengagementTemplate,
            let failed = try await store.message(channel: .meta, providerMessageID: wamid),
            failed.kind != .template,
            let contact = try await store.contact(id: failed.contactID)
        else { return }
        let queued = try await store.enqueueOutbound(
            OutboundDraft(kind: .template, text: template), contactID: contact.id, now: timeSource.now(),
            unlessSince: contact.lastInboundAt ?? .distantPast)
        if queued != nil {
            logger.notice("re-engagement template queued", metadata: ["contact": "\(contact.id)"])
            outboxSignal.signal()
        }
    }

    /// A "changed number" notice: kept in the conversation, and the contact moves to the new number.
    private func moveNumber(_ change: MetaNumberChange, logger: Logger) async throws {
        // Without the old number (hidden behind a business-scoped id), storing the notice under the id and the
        // new number links the two, which is the whole move.
        let notice = InboundMessage(
            channel: .meta, providerMessageID: change.providerMessageID,
            identity: ContactIdentity(phone: change.oldPhone ?? change.newPhone, userID: change.userID),
            replyAddress: change.newReplyAddress, content: .unsupported(kind: .system, summary: change.body),
            sentAt: change.sentAt, expectsReply: false)
        guard case .stored = try await inbox.receive(notice), let oldPhone = change.oldPhone else { return }
        let moved = try await store.changePhone(
            from: oldPhone, to: change.newPhone, channel: .meta, replyAddress: change.newReplyAddress)
        logger.notice(
            moved ? "contact changed number; memory moved" : "number change for an unknown contact",
            metadata: ["from": "\(Redact.address(oldPhone))", "to": "\(Redact.address(change.newPhone))"])
    }

    private func isOurs(_ phoneNumberID: String?) -> Bool {
        phoneNumberID.map { $0 == self.phoneNumberID } ?? true
    }
}
