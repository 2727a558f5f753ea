import TagarelaCore
import Testing

@testable import TagarelaChannels

/// Parsing Twilio's inbound WhatsApp webhook and status callback forms.
@Suite(.timeLimit(.minutes(3))) struct TwilioInboundParserTests {
    static let sid = "SM0123456789abcdef0123456789abcdef"

    func parse(_ fields: KeyValuePairs<String, String>) throws -> TwilioInbound {
        try TwilioInboundParser.parse(FormParameters(fields.map { (name: $0.key, value: $0.value) }))
    }

    @Test func sharedTextSample() throws {
        let form = try FormURLEncoded.decode(try ReferenceFixtures.twilioWebhookBody("inbound_text"))
        let inbound = try TwilioInboundParser.parse(form)
        #expect(inbound.messageSid == "SM892512e202b34d4109b10a3893fa9640")
        #expect(inbound.content == .text("test"))
        #expect(inbound.identity == ContactIdentity(phone: "+31612345678"))
        #expect(inbound.to == "whatsapp:+14123456789")
        #expect(inbound.accountSid == "AC1a03647d811fab342c0ad608e382fab2")
        #expect(inbound.media.isEmpty)
        let message = inbound.inboundMessage
        #expect(message.channel == .twilio)
        #expect(message.providerMessageID == inbound.messageSid)
        #expect(message.replyAddress == "whatsapp:+31612345678")
        #expect(message.businessAddress == "whatsapp:+14123456789")
        #expect(message.profileName == nil)
    }

    @Test func onlyAWhatsAppToIsANumberToAnswerFrom() throws {
        let sms = try parse(["MessageSid": Self.sid, "From": "whatsapp:+5511999990001", "To": "+14155238886"])
        #expect(sms.inboundMessage.businessAddress == nil)
        let none = try parse(["MessageSid": Self.sid, "From": "whatsapp:+5511999990001"])
        #expect(none.inboundMessage.businessAddress == nil)
    }

    @Test func sharedImageSample() throws {
        let form = try FormURLEncoded.decode(try ReferenceFixtures.twilioWebhookBody("inbound_image"))
        let inbound = try TwilioInboundParser.parse(form)
        #expect(inbound.messageSid.hasPrefix("MM"))
        #expect(inbound.content.kind == "image")
        #expect(inbound.content.media?.url == inbound.media.first?.url)
        #expect(inbound.content.media?.mimeType == "image/jpeg")
        #expect(inbound.media.count == 1)
        #expect(inbound.media.first?.contentType == "image/jpeg")
        #expect(inbound.media.first?.url.hasPrefix("https://api.twilio.com/2010-04-01/Accounts/") == true)
    }

    @Test func sharedLocationSample() throws {
        let form = try FormURLEncoded.decode(try ReferenceFixtures.twilioWebhookBody("inbound_location"))
        #expect(try TwilioInboundParser.parse(form).content == .unsupported(kind: "location"))
        #expect(form["Address"] == "Evert van de Beekstraat 354, Schiphol, North Holland 1118 CZ")
    }

    @Test func sharedStatusSamples() throws {
        let delivered = try TwilioStatusCallback.parse(
            FormURLEncoded.decode(try ReferenceFixtures.twilioWebhookBody("status_delivered")))
        #expect(
            delivered
                == TwilioStatusCallback(
                    messageSid: "SMdf55df64a2ff4920bb0748193cfbb640", status: "delivered", to: "whatsapp:+31612345678"))
        let sent = try TwilioStatusCallback.parse(
            FormURLEncoded.decode(try ReferenceFixtures.twilioWebhookBody("status_sent")))
        #expect(sent.status == "sent")
        #expect(sent.errorCode == nil)
        #expect(!sent.isFailure)
        // Our statuses for Twilio's words; the in-between ones change nothing.
        let ours = ["queued", "sending", "sent", "delivered", "read", "failed", "canceled", "undelivered"].map {
            TwilioStatusCallback(messageSid: Self.sid, status: $0).report.status
        }
        #expect(ours == [nil, nil, .sent, .delivered, .read, .failed, .failed, .undelivered])
    }

    @Test func failedStatusCarriesTheErrorCode() throws {
        let failed = try TwilioStatusCallback.parse(
            [("MessageSid", Self.sid), ("MessageStatus", "failed"), ("ErrorCode", "63016")])
        #expect(failed.errorCode == "63016")
        #expect(failed.isFailure)
        #expect(
            failed.report
                == DeliveryReport(
                    channel: .twilio, providerMessageID: Self.sid, rawStatus: "failed", status: .failed,
                    errorCode: "63016"))
        #expect(failed.report.isOutsideWindow)
        #expect(throws: TwilioWebhookError.missingField("MessageStatus")) {
            try TwilioStatusCallback.parse([("MessageSid", Self.sid)])
        }
    }

    @Test func businessScopedUserIDOnly() throws {
        let inbound = try parse(["MessageSid": Self.sid, "From": "whatsapp:US.1234", "Body": "oi"])
        #expect(inbound.identity == ContactIdentity(userID: "US.1234"))
        #expect(inbound.inboundMessage.replyAddress == "whatsapp:US.1234")
    }

    @Test func phoneFromWithExternalUserID() throws {
        let inbound = try parse([
            "MessageSid": Self.sid, "From": "whatsapp:+5511987654321", "ExternalUserId": "whatsapp:BR.98765",
            "WaId": "5511987654321", "ProfileName": "Ana", "Body": "oi",
        ])
        #expect(inbound.identity == ContactIdentity(phone: "+5511987654321", userID: "BR.98765"))
        #expect(inbound.profileName == "Ana")
    }

    @Test func userIDFromWithWaIDAndEqualExternalUserID() throws {
        let inbound = try parse([
            "MessageSid": Self.sid, "From": "whatsapp:US.ENT.1234", "ExternalUserId": "whatsapp:US.ENT.1234",
            "WaId": "14155550100", "Body": "hi",
        ])
        #expect(inbound.identity == ContactIdentity(phone: "+14155550100", userID: "US.ENT.1234"))
        #expect(inbound.from == "whatsapp:US.ENT.1234")
    }

    @Test func buttonReplyUsesTheButtonText() throws {
        let inbound = try parse([
            "MessageSid": Self.sid, "From": "whatsapp:+6285176810035", "MessageType": "interactive",
            "Body": "Konfirmasi", "ButtonText": "Konfirmasi!", "ButtonPayload": #"{"verifyEmail":1}"#,
        ])
        #expect(inbound.content == .text("Konfirmasi!"))
        #expect(inbound.buttonPayload == #"{"verifyEmail":1}"#)
        let legacy = try parse([
            "MessageSid": Self.sid, "From": "whatsapp:+1555", "MessageType": "button", "Body": "Sim",
        ])
        #expect(legacy.content == .text("Sim"))
    }

    @Test(
        arguments: [
            ("audio/ogg", nil, "audio"), ("video/mp4", nil, "video"), ("application/pdf", nil, "document"),
            ("image/webp", "sticker", "sticker"), ("image/png", "image", "image"),
        ] as [(String, String?, String)])
    func mediaKinds(contentType: String, messageType: String?, kind: String) throws {
        var form: FormParameters = [
            ("MessageSid", Self.sid), ("From", "whatsapp:+1555"), ("NumMedia", "1"), ("Body", "a caption"),
            ("MediaUrl0", "https://api.twilio.com/x"), ("MediaContentType0", contentType),
        ]
        if let messageType { form.append(name: "MessageType", value: messageType) }
        let inbound = try TwilioInboundParser.parse(form)
        // A caption does not turn media into text: media support comes later, and the caption is kept.
        #expect(
            inbound.content
                == .media(
                    MediaAttachment(
                        kind: MessageKind(rawValue: kind), url: "https://api.twilio.com/x", mimeType: contentType,
                        caption: "a caption")))
        #expect(inbound.body == "a caption")
    }

    @Test func otherMessageTypesAndEmptyBodies() throws {
        for type in ["reaction", "contacts", "unsupported"] {
            let inbound = try parse(["MessageSid": Self.sid, "From": "whatsapp:+1555", "MessageType": type, "Body": ""])
            #expect(inbound.content == .unsupported(kind: MessageKind(rawValue: type)))
        }
        #expect(
            try parse(["MessageSid": Self.sid, "From": "whatsapp:+1555", "Body": ""]).content
                == .unsupported(kind: "empty"))
        #expect(try parse(["MessageSid": Self.sid, "From": "whatsapp:+1555"]).content == .unsupported(kind: "empty"))
        #expect(
            try parse(["MessageSid": Self.sid, "From": "whatsapp:+1555", "MessageType": "text", "Body": "ok"]).content
                == .text("ok"))
    }

    @Test func portugueseText() throws {
        let form = try FormURLEncoded.decode(
            "MessageSid=\(Self.sid)&From=whatsapp%3A%2B5511987654321&Body=Ol%C3%A1%2C+voc%C3%AA+est%C3%A1+a%C3%AD%3F")
        #expect(try TwilioInboundParser.parse(form).content == .text("Olá, você está aí?"))
    }

    @Test func missingOrBadRequiredFieldsThrow() throws {
        #expect(throws: TwilioWebhookError.missingField("MessageSid")) { try parse(["From": "whatsapp:+1555"]) }
        #expect(throws: TwilioWebhookError.missingField("MessageSid")) {
            try parse(["MessageSid": "", "From": "whatsapp:+1"])
        }
        #expect(throws: TwilioWebhookError.missingField("From")) { try parse(["MessageSid": Self.sid]) }
        #expect(throws: TwilioWebhookError.invalidField("MessageSid")) {
            try parse(["MessageSid": "SM'; DROP TABLE", "From": "whatsapp:+1555"])
        }
        #expect(throws: TwilioWebhookError.invalidField("MessageSid")) {
            try parse(["MessageSid": String(repeating: "a", count: 65), "From": "whatsapp:+1555"])
        }
        #expect(throws: TwilioWebhookError.invalidField("From")) {
            try parse(["MessageSid": Self.sid, "From": "whatsapp:"])
        }
        #expect(throws: TwilioWebhookError.invalidField("From")) {
            try parse(["MessageSid": Self.sid, "From": "whatsapp:+12ab"])
        }
        #expect(throws: FormURLEncoded.DecodingError.self) { try FormURLEncoded.decode("MessageSid=SM1&Body=%E9t%E9") }
    }
}
