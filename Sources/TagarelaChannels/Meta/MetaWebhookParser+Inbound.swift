import Foundation
import TagarelaCore

extension MetaWebhookParser {
    /// Why a message was dropped; worded without personal data because it is logged.
    struct SkipReason: Error {
        var text: String
    }

    /// The message with its sender's identity, or why it cannot be answered.
    static func inbound(
        _ message: MetaWebhookMessage, contacts: [MetaWebhookPayload.Contact], phoneNumberID: String?
    ) -> Result<MetaInbound, SkipReason> {
        guard let id = providerMessageID(message.id) else {
            return .failure(SkipReason(text: "message without a usable id"))
        }
        let contact = matchingContact(for: message, in: contacts)
        let digits = message.from.flatMap(phoneDigits) ?? contact?.waID.flatMap(phoneDigits)
        let userID =
            message.fromUserID.flatMap(businessUserID) ?? contact?.userID.flatMap(businessUserID)
            // A future payload may put the business-scoped id in `from` itself.
            ?? message.from.flatMap(businessUserID)
        guard let replyAddress = digits ?? userID else {
            return .failure(SkipReason(text: "message \(id) has no sender number or user id"))
        }
        let reply = interactiveReply(message)
        let context = message.context?.value
        let inbound = InboundMessage(
            channel: .meta,
            providerMessageID: id,
            identity: ContactIdentity(phone: digits.map { "+" + $0 }, userID: userID),
            replyAddress: replyAddress,
            profileName: contact?.profile?.name.flatMap { $0.isEmpty ? nil : $0 },
            content: content(of: message),
            sentAt: message.timestamp?.date
        )
        return .success(
            MetaInbound(
                phoneNumberID: phoneNumberID,
                message: inbound,
                contextMessageID: context?.id,
                forwarded: context?.forwarded == true || context?.frequentlyForwarded == true,
                buttonPayload: reply,
                referral: message.referral?.value.map(referral)
            ))
    }

    /// The sender's entry in `contacts`: matched by number or user id, or the only entry when it does not
    /// contradict the message (the usual case: one contact per message).
    static func matchingContact(
        for message: MetaWebhookMessage, in contacts: [MetaWebhookPayload.Contact]
    ) -> MetaWebhookPayload.Contact? {
        let from = message.from.flatMap(phoneDigits)
        let userID = message.fromUserID
        if let match = contacts.first(where: { contact in
            (from != nil && contact.waID.flatMap(phoneDigits) == from)
                || (userID != nil && contact.userID == userID)
        }) {
            return match
        }
        guard contacts.count == 1, let only = contacts.first else { return nil }
        let numberAgrees = from == nil || only.waID == nil
        let userAgrees = userID == nil || only.userID == nil
        return numberAgrees && userAgrees ? only : nil
    }

    /// The digits of a WhatsApp number (`from`, `wa_id`), tolerating a leading `+`; nil for anything else.
    static func phoneDigits(_ text: String) -> String? {
        let digits = text.hasPrefix("+") ? text.dropFirst() : Substring(text)
        guard (5...20).contains(digits.count), digits.utf8.allSatisfy({ (0x30...0x39).contains($0) }) else {
            return nil
        }
        return String(digits)
    }

    /// A business-scoped user id such as `US.13491208655302741918`: a country code, a dot, then letters,
    /// digits and dots (`US.ENT.…` for parents); nil for anything else.
    static func businessUserID(_ text: String) -> String? {
        guard (4...160).contains(text.utf8.count), text.contains("."), !text.hasPrefix("."),
            text.utf8.allSatisfy({ $0 == UInt8(ascii: ".") || ($0 < 0x80 && isAlphanumeric($0)) })
        else { return nil }
        return text
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
    }

    /// The id or payload behind a tapped button or list row.
    static func interactiveReply(_ message: MetaWebhookMessage) -> String? {
        switch message.type {
        case "interactive":
            message.interactive?.buttonReply?.id ?? message.interactive?.listReply?.id
        case "button":
            message.button?.payload
        default:
            nil
        }
    }

    static func referral(_ referral: MetaWebhookMessage.Referral) -> MetaReferral {
        MetaReferral(
            sourceType: referral.sourceType,
            sourceID: referral.sourceID,
            sourceURL: referral.sourceURL,
            headline: referral.headline,
            body: referral.body,
            mediaType: referral.mediaType,
            ctwaClid: referral.ctwaClid
        )
    }
}
