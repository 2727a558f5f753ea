import Foundation
import TagarelaCore

/// Why a Meta webhook body cannot be used at all; the webhook answers 400 for it.
public enum MetaWebhookError: Error, Equatable, CustomStringConvertible {
    /// Not JSON, or JSON without the `object` field.
    case malformedJSON(String)
    /// `object` names another product (`page`, `instagram`…): this endpoint is for WhatsApp only.
    case unexpectedObject(String)

    public var description: String {
        switch self {
        case .malformedJSON(let reason): "malformed webhook JSON: \(reason)"
        case .unexpectedObject(let object): "webhook object is \(object), not whatsapp_business_account"
        }
    }
}

/// Turns a Meta webhook body into messages, number changes, statuses and errors (Meta's webhook payload reference).
///
/// Lenient below the top level: an element it cannot use is listed in `skipped` and the rest still count,
/// because a 400 makes Meta redeliver the whole batch for seven days.
public enum MetaWebhookParser {
    public static let expectedObject = "whatsapp_business_account"
    /// A real delivery nests fewer than ten levels; far deeper is not Meta (and would crash the decoder).
    static let nestingLimit = 64

    public static func parse(_ body: some Collection<UInt8>) throws -> MetaWebhookBatch {
        guard !JSONNesting.exceeds(Self.nestingLimit, in: body) else {
            throw MetaWebhookError.malformedJSON("nested deeper than \(Self.nestingLimit) levels")
        }
        let payload: MetaWebhookPayload
        do {
            payload = try JSONDecoder().decode(MetaWebhookPayload.self, from: Data(body))
        } catch {
            throw MetaWebhookError.malformedJSON(Lossy<MetaWebhookPayload>.describe(error))
        }
        guard payload.object == expectedObject else {
            // Echo only a short, printable prefix: the value comes from the request.
            throw MetaWebhookError.unexpectedObject(String(payload.object.prefix(40)))
        }
        var batch = MetaWebhookBatch()
        for (entryIndex, entry) in (payload.entry ?? []).enumerated() {
            guard let entry = entry.value else {
                batch.skipped.append("entry \(entryIndex): \(entry.failure ?? "unreadable")")
                continue
            }
            for (changeIndex, change) in (entry.changes ?? []).enumerated() {
                let place = "entry \(entryIndex) change \(changeIndex)"
                guard let change = change.value else {
                    batch.skipped.append("\(place): \(change.failure ?? "unreadable")")
                    continue
                }
                guard change.field == "messages" else {
                    batch.ignoredFields.append(change.field ?? "(no field)")
                    continue
                }
                guard let value = change.value?.value else {
                    batch.skipped.append("\(place): \(change.value?.failure ?? "no value")")
                    continue
                }
                add(value, at: place, to: &batch)
            }
        }
        return batch
    }

    /// The messages, statuses and errors of one `messages` change.
    static func add(_ value: MetaWebhookPayload.Value, at place: String, to batch: inout MetaWebhookBatch) {
        let phoneNumberID = value.metadata?.phoneNumberID
        let contacts: [MetaWebhookPayload.Contact] = (value.contacts ?? []).values()
        for (index, message) in (value.messages ?? []).enumerated() {
            guard let message = message.value else {
                batch.skipped.append("\(place) message \(index): \(message.failure ?? "unreadable")")
                continue
            }
            if message.type == "system" {
                addSystem(message, phoneNumberID: phoneNumberID, at: "\(place) message \(index)", to: &batch)
                continue
            }
            switch inbound(message, contacts: contacts, phoneNumberID: phoneNumberID) {
            case .success(let inbound): batch.messages.append(inbound)
            case .failure(let reason): batch.skipped.append("\(place) message \(index): \(reason.text)")
            }
        }
        for (index, status) in (value.statuses ?? []).enumerated() {
            guard let status = status.value else {
                batch.skipped.append("\(place) status \(index): \(status.failure ?? "unreadable")")
                continue
            }
            guard let update = statusUpdate(status, phoneNumberID: phoneNumberID) else {
                batch.skipped.append("\(place) status \(index): no id or status")
                continue
            }
            batch.statuses.append(update)
        }
        batch.errors += (value.errors ?? []).values()
    }

    /// A `user_changed_number` notice, or a skip reason for other system messages.
    static func addSystem(
        _ message: MetaWebhookMessage, phoneNumberID: String?, at place: String, to batch: inout MetaWebhookBatch
    ) {
        let kind = message.system?.type ?? "(none)"
        guard kind == "user_changed_number" || kind == "customer_changed_number" else {
            batch.skipped.append("\(place): system message \(kind.prefix(40)) is not handled")
            return
        }
        let oldPhone = message.from.flatMap(phoneDigits).map { "+" + $0 }
        guard let id = providerMessageID(message.id),
            let newDigits = (message.system?.waID ?? message.system?.newWaID).flatMap(phoneDigits),
            oldPhone != nil || message.fromUserID != nil
        else {
            batch.skipped.append("\(place): number change without id, old sender or new number")
            return
        }
        batch.numberChanges.append(
            MetaNumberChange(
                phoneNumberID: phoneNumberID,
                change: NumberChange(
                    channel: .meta,
                    providerMessageID: id,
                    oldPhone: oldPhone,
                    userID: message.fromUserID.flatMap(businessUserID),
                    newPhone: "+" + newDigits,
                    newReplyAddress: newDigits,
                    notice: message.system?.body,
                    sentAt: message.timestamp?.date
                )))
    }

    static func statusUpdate(_ status: MetaWebhookPayload.Status, phoneNumberID: String?) -> MetaStatusUpdate? {
        guard let id = providerMessageID(status.id), let raw = status.status?.lowercased(), !raw.isEmpty else {
            return nil
        }
        let known: [MessageStatus] = [.sent, .delivered, .read, .played, .failed]
        let error = (status.errors ?? []).values().first
        return MetaStatusUpdate(
            phoneNumberID: phoneNumberID,
            providerMessageID: id,
            rawStatus: raw,
            status: known.first { $0.rawValue == raw },
            errorCode: error?.codeText,
            errorTitle: error?.title ?? error?.message,
            errorDetail: error?.details,
            recipientID: status.recipientID,
            recipientUserID: status.recipientUserID,
            timestamp: status.timestamp?.date
        )
    }

    /// A `wamid…` becomes a storage key: required, and bounded so a forged payload cannot bloat an index.
    static func providerMessageID(_ id: String?) -> String? {
        guard let id, !id.isEmpty, id.utf8.count <= 256 else { return nil }
        return id
    }
}
