import Foundation
import TagarelaCore

/// Everything one webhook delivery carried, in payload order. Meta batches: one POST may hold several entries,
/// changes, messages and statuses, and redelivers for up to seven days, so consumers must be idempotent
/// (messages by `providerMessageID`, statuses by id and status).
public struct MetaWebhookBatch: Sendable, Equatable {
    public var messages: [MetaInbound] = []
    public var numberChanges: [MetaNumberChange] = []
    public var statuses: [MetaStatusUpdate] = []
    /// App-level errors (`value.errors`): nothing to answer, worth logging.
    public var errors: [MetaGraphError] = []
    /// The `field` of each change that is not `messages` (group lifecycle, account updates…), once per change.
    public var ignoredFields: [String] = []
    /// Why an element was dropped (no sender, no id, unreadable); never a phone number or message text.
    public var skipped: [String] = []

    public init() {}

    /// The delivery's events for the business number `phoneNumberID`: number changes first (a message from the
    /// new number then lands on the moved contact), then messages, then statuses; and how many were for another
    /// number of the same account (the same webhook receives them; they are not ours to answer).
    public func events(forPhoneNumberID phoneNumberID: String) -> (events: [ChannelEvent], otherNumbers: Int) {
        var events: [ChannelEvent] = []
        var otherNumbers = 0
        func isOurs(_ id: String?) -> Bool {
            let ours = id.map { $0 == phoneNumberID } ?? true
            if !ours { otherNumbers += 1 }
            return ours
        }
        events += numberChanges.filter { isOurs($0.phoneNumberID) }.map { .numberChange($0.change) }
        events += messages.filter { isOurs($0.phoneNumberID) }.map { .message($0.message) }
        events += statuses.filter { isOurs($0.phoneNumberID) }.map { .delivery($0.report) }
        return (events, otherNumbers)
    }
}

/// One inbound message, with what the channel knows beyond the core `InboundMessage`.
public struct MetaInbound: Sendable, Equatable {
    /// `metadata.phone_number_id`: the business number it was sent to. Traffic for another number of the same
    /// WhatsApp Business Account reaches the same webhook and must be ignored by it.
    public var phoneNumberID: String?
    public var message: InboundMessage
    /// The id of the message this one replies to (`context.id`), usually one of ours.
    public var contextMessageID: String?
    /// `context.forwarded` or `context.frequently_forwarded`.
    public var forwarded: Bool = false
    /// The id or payload of the button or list row tapped (`interactive.*.id`, `button.payload`).
    public var buttonPayload: String?
    /// The ad or post of a click-to-WhatsApp conversation.
    public var referral: MetaReferral?
}

/// The click-to-WhatsApp ad or post that opened the conversation.
public struct MetaReferral: Sendable, Equatable {
    public var sourceType: String?
    public var sourceID: String?
    public var sourceURL: String?
    public var headline: String?
    public var body: String?
    public var mediaType: String?
    /// The click id, for attributing the conversation to the ad.
    public var ctwaClid: String?
}

/// A contact moved to a new phone number (`system.type == "user_changed_number"`), for the business number
/// `phoneNumberID`.
@dynamicMemberLookup
public struct MetaNumberChange: Sendable, Equatable {
    public var phoneNumberID: String?
    public var change: NumberChange

    public subscript<Value>(dynamicMember path: KeyPath<NumberChange, Value>) -> Value { change[keyPath: path] }
}

/// A delivery receipt for one of our messages. Receipts arrive out of order (`delivered` after `read`) and
/// more than once; `MessageStatus.progressRank` keeps a late one from undoing a later status.
public struct MetaStatusUpdate: Sendable, Equatable {
    public var phoneNumberID: String?
    /// The `wamid` our send got back.
    public var providerMessageID: String
    /// `status` as sent, lower-cased, kept because Meta adds values (`played` arrived in 2026).
    public var rawStatus: String
    /// `sent`, `delivered`, `read`, `played` or `failed`; nil for a value this version does not know.
    public var status: MessageStatus?
    /// The first error's code, e.g. `131047` (outside the 24-hour window) or `131026` (undeliverable).
    public var errorCode: String?
    public var errorTitle: String?
    public var errorDetail: String?
    /// The recipient's digits (or id); quote it only masked.
    public var recipientID: String?
    /// `recipient_user_id`, the recipient's business-scoped id, when Meta sends it.
    public var recipientUserID: String?
    public var timestamp: Date?

    /// The error in one line for the message's record: `title: detail`, whichever Meta gave.
    public var errorSummary: String? {
        let parts = [errorTitle, errorDetail].compactMap { $0 }.filter { !$0.isEmpty }
        return parts.isEmpty ? nil : parts.joined(separator: ": ")
    }

    /// The receipt as every channel's are applied.
    public var report: DeliveryReport {
        DeliveryReport(
            channel: .meta, providerMessageID: providerMessageID, rawStatus: rawStatus, status: status,
            errorCode: errorCode, errorDetail: errorSummary, timestamp: timestamp)
    }
}
