import Foundation

/// WhatsApp's customer-service window, the one rule both WhatsApp channels obey: free-form messages reach a
/// contact only within 24 hours of the contact's last message; after that only an approved template does
/// (https://developers.facebook.com/docs/whatsapp/pricing#customer-service-windows,
/// https://www.twilio.com/docs/whatsapp/key-concepts#the-24-hour-window-or-24-hour-session).
public enum WhatsAppWindow {
    public static let length: Duration = .seconds(24 * 60 * 60)

    /// Meta's Graph error for a free-form message outside the window ("re-engagement message").
    public static let metaOutsideWindowCode = "131047"
    /// Twilio's error for the same refusal.
    public static let twilioOutsideWindowCode = "63016"
    /// Every channel's code for it, e.g. to count such failures together.
    public static let outsideWindowCodes = [metaOutsideWindowCode, twilioOutsideWindowCode]

    /// Whether the rule applies on `channel` at all (local channels have no window).
    public static func applies(to channel: ChannelKind?) -> Bool {
        channel == .twilio || channel == .meta
    }

    /// Whether free text may still go to a contact who last wrote at `lastInboundAt`; closed when that is unknown.
    public static func isOpen(lastInboundAt: Date?, now: Date) -> Bool {
        guard let lastInboundAt else { return false }
        return now.timeIntervalSince(lastInboundAt) <= length.timeInterval
    }

    /// Whether `errorCode` is `channel`'s refusal of a free-form message outside the window.
    public static func isOutsideWindowError(_ errorCode: String?, on channel: ChannelKind) -> Bool {
        switch channel {
        case .meta: errorCode == metaOutsideWindowCode
        case .twilio: errorCode == twilioOutsideWindowCode
        default: false
        }
    }
}
