import TagarelaCore

/// A delivery report Twilio posts to a message's `StatusCallback` URL (same form encoding and signature).
///
/// Reports arrive out of order and more than once; whoever applies them must be idempotent and must not let
/// an older status (`sent`) overwrite a newer one (`read`).
public struct TwilioStatusCallback: Sendable, Equatable {
    /// `MessageSid` of our outbound message.
    public var messageSid: String
    /// `MessageStatus` lower-cased: `queued`, `sent`, `delivered`, `read`, `failed`, `undelivered`…
    /// Kept as a string because Twilio adds values without notice.
    public var status: String
    /// `ErrorCode` on failures, e.g. `63016` (outside the 24 h window) or `21610` (opted out).
    public var errorCode: String?
    /// `To`: the contact's address (`whatsapp:+…` or `whatsapp:US.1234`).
    public var to: String?

    /// Twilio's error code for a recipient who opted out (replied STOP): nothing more may be sent to them.
    public static let optedOutErrorCode = "21610"

    /// Whether the report says the contact opted out.
    public var optedOut: Bool { errorCode == Self.optedOutErrorCode }

    /// Statuses after which Twilio will not deliver the message.
    public var isFailure: Bool { status == "failed" || status == "undelivered" || status == "canceled" }

    /// Ours for Twilio's `MessageStatus`; nil for the in-between states (`queued`, `sending`…) that change nothing.
    public var messageStatus: MessageStatus? {
        switch status {
        case "sent": .sent
        case "delivered": .delivered
        case "read": .read
        case "failed", "canceled": .failed
        case "undelivered": .undelivered
        default: nil
        }
    }

    /// The receipt as every channel's are applied. Twilio does not stamp callbacks: they count from arrival.
    public var report: DeliveryReport {
        DeliveryReport(
            channel: .twilio, providerMessageID: messageSid, rawStatus: status, status: messageStatus,
            errorCode: errorCode, optedOut: optedOut)
    }

    /// Parses the callback form; `MessageSid` and `MessageStatus` are required (`SmsStatus` as a fallback).
    public static func parse(_ form: FormParameters) throws -> TwilioStatusCallback {
        let messageSid = try TwilioInboundParser.sid(form, "MessageSid")
        guard let status = form.nonEmpty("MessageStatus") ?? form.nonEmpty("SmsStatus") else {
            throw TwilioWebhookError.missingField("MessageStatus")
        }
        return TwilioStatusCallback(
            messageSid: messageSid,
            status: status.lowercased(),
            errorCode: form.nonEmpty("ErrorCode"),
            to: form.nonEmpty("To")
        )
    }
}
