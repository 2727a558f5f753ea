import Foundation
import TagarelaChannels

/// Which webhook a load posts: its path, body type and signature header.
enum WebhookKind: Sendable {
    case twilio
    case meta

    var path: String { self == .twilio ? "/webhooks/twilio" : "/webhooks/meta" }
    var contentType: String { self == .twilio ? "application/x-www-form-urlencoded" : "application/json" }
    var signatureHeader: String {
        self == .twilio ? TwilioSignatureValidator.signatureHeader : MetaSignatureValidator.signatureHeader
    }
}

/// Webhooks made and signed ahead of time, so the load generator spends no time on HMACs.
struct SignedWebhook: Sendable {
    var kind: WebhookKind
    var body: String
    var signature: String
    /// The reply address of the contact who sent it.
    var from: String
}

enum SignedWebhooks {
    /// `count` Twilio messages from `contacts` different numbers in turn, each with its own `MessageSid`
    /// (`batch` keeps the ids of two sets from the same contacts apart).
    static func make(
        count: Int, contacts: Int, firstContact: Int = 0, batch: Int = 0, text: String = "Oi, tudo bem?"
    ) -> [SignedWebhook] {
        (0..<count).map { index in
            let sid = "SM" + String(format: "%08x%024x", batch, index + firstContact * 1_000_003 + 1)
            let from = "whatsapp:+55119\(String(format: "%08d", firstContact + index % max(1, contacts)))"
            let form = FormParameters([
                (name: "SmsMessageSid", value: sid), (name: "NumMedia", value: "0"),
                (name: "ProfileName", value: "Bench"),
                (name: "SmsSid", value: sid), (name: "SmsStatus", value: "received"), (name: "Body", value: text),
                (name: "To", value: "whatsapp:+14155238886"), (name: "NumSegments", value: "1"),
                (name: "MessageSid", value: sid), (name: "AccountSid", value: BenchWorld.accountSID),
                (name: "From", value: from), (name: "ApiVersion", value: "2010-04-01"),
            ])
            return twilio(form, from: from)
        }
    }

    /// One photo per contact, from `count` contacts: Twilio's `MediaUrl0` (on its API host) with a caption.
    static func photos(_ mediaURLs: [String], firstContact: Int, caption: String = "Meu gato dormindo no sofá")
        -> [SignedWebhook]
    {
        media(mediaURLs, firstContact: firstContact, type: "image", contentType: "image/jpeg", body: caption)
    }

    /// One voice note per contact, from `count` contacts: Twilio's `MediaUrl0` with `audio/ogg` and no text.
    static func voiceNotes(_ mediaURLs: [String], firstContact: Int) -> [SignedWebhook] {
        media(mediaURLs, firstContact: firstContact, type: "audio", contentType: "audio/ogg", body: "")
    }

    /// One media message per contact, each from its own number from `firstContact` on.
    private static func media(
        _ mediaURLs: [String], firstContact: Int, type: String, contentType: String, body: String
    ) -> [SignedWebhook] {
        mediaURLs.enumerated().map { index, url in
            let sid = "MM" + String(format: "%032x", firstContact * 1_000_003 + index + 1)
            let from = "whatsapp:+55119\(String(format: "%08d", firstContact + index))"
            let form = FormParameters([
                (name: "SmsMessageSid", value: sid), (name: "NumMedia", value: "1"),
                (name: "ProfileName", value: "Bench"), (name: "MessageType", value: type),
                (name: "SmsSid", value: sid), (name: "SmsStatus", value: "received"), (name: "Body", value: body),
                (name: "MediaContentType0", value: contentType), (name: "MediaUrl0", value: url),
                (name: "To", value: "whatsapp:+14155238886"), (name: "NumSegments", value: "1"),
                (name: "MessageSid", value: sid), (name: "AccountSid", value: BenchWorld.accountSID),
                (name: "From", value: from), (name: "ApiVersion", value: "2010-04-01"),
            ])
            return twilio(form, from: from)
        }
    }

    /// `form` as Twilio posts it to the bench server's webhook, signed with the bench account's token.
    static func twilio(_ form: FormParameters, from: String) -> SignedWebhook {
        let signature = TwilioSignatureValidator.computeSignature(
            url: BenchWorld.publicURL + "/webhooks/twilio", parameters: form, secret: BenchWorld.authToken)
        return SignedWebhook(kind: .twilio, body: FormURLEncoded.encode(form), signature: signature, from: from)
    }

    /// `count` webhooks of `kind` from `contacts` contacts in turn.
    static func make(_ kind: WebhookKind, count: Int, contacts: Int, batch: Int) -> [SignedWebhook] {
        switch kind {
        case .twilio: make(count: count, contacts: contacts, batch: batch)
        case .meta: makeMeta(count: count, contacts: contacts, batch: batch)
        }
    }

    /// The same for Meta's Cloud API: one message per delivery, as Meta sends a conversation's messages.
    static func makeMeta(count: Int, contacts: Int, batch: Int = 0, text: String = "Oi, tudo bem?") -> [SignedWebhook] {
        let timestamp = String(Int(Date().timeIntervalSince1970))
        return (0..<count).map { index in
            let wamid = "wamid.HBgL" + String(format: "%08x%024x", batch, index + 1)
            let from = "55119\(String(format: "%08d", index % max(1, contacts)))"
            let body = """
                {"object":"whatsapp_business_account","entry":[{"id":"419561257915477","changes":[{"value":\
                {"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550783881",\
                "phone_number_id":"\(BenchWorld.phoneNumberID)"},"contacts":[{"profile":{"name":"Bench"},\
                "wa_id":"\(from)"}],"messages":[{"from":"\(from)","id":"\(wamid)","timestamp":"\(timestamp)",\
                "type":"text","text":{"body":"\(text)"}}]},"field":"messages"}]}]}
                """
            let signature = MetaSignatureValidator.signature(body: Array(body.utf8), appSecret: BenchWorld.appSecret)
            return SignedWebhook(kind: .meta, body: body, signature: signature, from: from)
        }
    }
}
