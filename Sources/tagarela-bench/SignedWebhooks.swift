import Foundation
import TagarelaChannels

/// Twilio webhooks made and signed ahead of time, so the load generator spends no time on HMACs.
struct SignedWebhook: Sendable {
    var body: String
    var signature: String
    var from: String
}

enum SignedWebhooks {
    /// `count` messages from `contacts` different numbers in turn, each with its own `MessageSid`
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
            let signature = TwilioSignatureValidator.computeSignature(
                url: BenchWorld.publicURL + "/webhooks/twilio", parameters: form, secret: BenchWorld.authToken)
            return SignedWebhook(body: FormURLEncoded.encode(form), signature: signature, from: from)
        }
    }
}
