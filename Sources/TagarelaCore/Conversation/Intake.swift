import Foundation
import Logging

/// The one place webhook events are applied, whatever the channel: messages stored once (through the `Inbox`),
/// number moves, delivery receipts, and the re-engagement template when a reply failed outside WhatsApp's
/// 24-hour window. A controller verifies, parses into `ChannelEvent`s, hands them here, and answers.
public struct Intake: Sendable {
    public typealias Store = IntakeStore & ContactStore & OutboxStore

    let inbox: Inbox
    let store: any Store
    /// The approved template queued, per channel, when the provider reports a reply failed outside the window
    /// (`WHATSAPP_REENGAGEMENT_TEMPLATE` for Meta).
    let reengagementTemplates: [ChannelKind: String]
    let outboxSignal: WorkSignal
    let timeSource: any TimeSource
    let logger: Logger

    /// A status can overtake the answer to the send it reports on (the provider is fast; the id is recorded
    /// when the answer arrives). A status this young for a message not known yet is asked for again, not dropped.
    public static let earlyStatusWindow: Duration = .seconds(60)

    public init(
        inbox: Inbox, store: any Store, reengagementTemplates: [ChannelKind: String] = [:], outboxSignal: WorkSignal,
        timeSource: any TimeSource, logger: Logger
    ) {
        self.inbox = inbox
        self.store = store
        self.reengagementTemplates = reengagementTemplates
        self.outboxSignal = outboxSignal
        self.timeSource = timeSource
        self.logger = logger
    }

    /// What applying a delivery's events came to.
    public struct Outcome: Sendable, Equatable {
        /// Messages in the delivery, and how many of them had been stored before (a redelivery).
        public var messages = 0
        public var duplicates = 0
        /// Receipts for a message not recorded yet but young enough that its send may still be finishing: the
        /// provider should deliver them again (everything else was applied, and is deduplicated then).
        public var earlyStatuses = 0

        /// Every message in it had been stored before.
        public var isRedelivery: Bool { messages > 0 && duplicates == messages }
    }

    /// Applies the events in order. When this returns, everything in them is stored.
    public func apply(_ events: [ChannelEvent]) async throws -> Outcome {
        var outcome = Outcome()
        for event in events {
            switch event {
            case .message(let message):
                outcome.messages += 1
                if case .duplicate = try await receive(message) { outcome.duplicates += 1 }
            case .numberChange(let change):
                try await move(change)
            case .delivery(let report):
                if try await record(report) == .tooEarly { outcome.earlyStatuses += 1 }
            }
        }
        return outcome
    }

    private func receive(_ message: InboundMessage) async throws -> IngestResult {
        let result = try await inbox.receive(message)
        let id = message.providerMessageID
        if case .duplicate = result {
            logger.info("duplicate delivery ignored", metadata: ["channel": "\(message.channel)", "id": "\(id)"])
        } else if inbox.isStale(message, now: timeSource.now()) {
            logger.notice(
                "old message stored without a reply",
                metadata: [
                    "channel": "\(message.channel)", "id": "\(id)",
                    "sent": "\(message.sentAt.map { "\($0)" } ?? "-")",
                ])
        } else if case .unsupported(let kind, _) = message.content {
            logger.notice(
                "message of a kind not handled yet", metadata: ["channel": "\(message.channel)", "kind": "\(kind)"])
        } else {
            logger.debug(
                "message stored",
                metadata: [
                    "channel": "\(message.channel)", "id": "\(id)",
                    "from": "\(Redact.address(message.identity.phone ?? message.replyAddress))",
                ])
        }
        return result
    }

    private enum Recorded { case applied, unknown, tooEarly }

    private func record(_ report: DeliveryReport) async throws -> Recorded {
        guard let status = report.status else {
            logger.debug("status without meaning here", metadata: ["status": "\(report.rawStatus)"])
            return .applied
        }
        let now = timeSource.now()
        let found = try await store.recordDeliveryStatus(
            channel: report.channel, providerMessageID: report.providerMessageID, status: status,
            errorCode: report.errorCode, errorDetail: report.errorDetail, optedOut: report.optedOut,
            at: report.timestamp ?? now)
        guard found else {
            if let at = report.timestamp, now.timeIntervalSince(at) < Self.earlyStatusWindow.timeInterval {
                return .tooEarly
            }
            logger.notice(
                "status for a message we do not know",
                metadata: ["channel": "\(report.channel)", "id": "\(report.providerMessageID)"])
            return .unknown
        }
        if status == .failed {
            logger.error(
                "the provider reports a reply failed",
                metadata: [
                    "channel": "\(report.channel)", "id": "\(report.providerMessageID)",
                    "code": "\(report.errorCode ?? "-")",
                ])
        }
        if report.isOutsideWindow { try await reengage(after: report) }
        return .applied
    }

    /// Providers often report "outside the 24-hour window" only in a status, after taking the message: the
    /// channel's template is queued then, once per closed window (until the contact writes again).
    private func reengage(after report: DeliveryReport) async throws {
        guard let template = reengagementTemplates[report.channel],
            let failed = try await store.message(channel: report.channel, providerMessageID: report.providerMessageID),
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
    private func move(_ change: NumberChange) async throws {
        // Without the old number (hidden behind a business-scoped id), storing the notice under the id and the
        // new number links the two, which is the whole move.
        let notice = InboundMessage(
            channel: change.channel, providerMessageID: change.providerMessageID,
            identity: ContactIdentity(phone: change.oldPhone ?? change.newPhone, userID: change.userID),
            replyAddress: change.newReplyAddress, content: .unsupported(kind: .system, summary: change.notice),
            sentAt: change.sentAt, expectsReply: false)
        guard case .stored = try await inbox.receive(notice), let oldPhone = change.oldPhone else { return }
        let moved = try await store.changePhone(
            from: oldPhone, to: change.newPhone, channel: change.channel, replyAddress: change.newReplyAddress)
        logger.notice(
            moved ? "contact changed number; memory moved" : "number change for an unknown contact",
            metadata: ["from": "\(Redact.address(oldPhone))", "to": "\(Redact.address(change.newPhone))"])
    }
}
