import Foundation
import TagarelaCore
import Testing

@testable import TagarelaChannels

@Suite("MetaWebhookParser: pywa's payloads", .timeLimit(.minutes(3)))
struct MetaWebhookParserPywaTests {
    static let identity = ContactIdentity(phone: "+972987654321", userID: "US.13491208655302741918")

    func message(_ file: String, _ name: String) throws -> MetaInbound {
        let batch = try MetaWebhookParser.parse(try MetaFixtures.pywa(file, name))
        #expect(batch.messages.count == 1 && batch.skipped.isEmpty, "\(name): \(batch.skipped)")
        return try #require(batch.messages.first)
    }

    func content(_ name: String) throws -> InboundContent {
        try message("message", name).message.content
    }

    @Test("every payload parses; messages get the number and the user id of the matching contact")
    func everyPayload() throws {
        var total = 0
        for file in MetaFixtures.pywaFiles {
            for (name, body) in try MetaFixtures.pywa(file) {
                let batch = try MetaWebhookParser.parse(body)
                #expect(batch.skipped.isEmpty, "\(file)/\(name): \(batch.skipped)")
                #expect(batch.messages.count + batch.statuses.count == 1, "\(file)/\(name)")
                for inbound in batch.messages {
                    #expect(inbound.phoneNumberID == "1122334455667")
                    #expect(inbound.message.identity == Self.identity, "\(file)/\(name)")
                    #expect(inbound.message.replyAddress == "972987654321")
                    #expect(inbound.message.profileName == "Test Name")
                }
                total += 1
            }
        }
        #expect(total == 23 + 7 + 3 + 2)
    }

    @Test("text, reply, forwards and referral")
    func textVariants() throws {
        let text = try message("message", "text")
        #expect(text.message.content == .text("Body Text"))
        #expect(text.message.sentAt == Date(timeIntervalSince1970: 1_697_043_223))
        let reply = try message("message", "reply")
        #expect(reply.message.content == .text("replied text") && reply.contextMessageID == "wamid.xyzxyz==")
        #expect(try message("message", "forwarded").forwarded)
        #expect(try message("message", "forwarded_many_times").forwarded)
        #expect(!reply.forwarded)
        let referral = try #require(try message("message", "referral").referral)
        #expect(referral.headline == "AD_TITLE" && referral.sourceID == "ADID" && referral.ctwaClid == "CTWA_CLID")
    }

    @Test("media of every kind keeps its metadata; a voice note is marked")
    func media() throws {
        #expect(
            try content("image")
                == .media(MediaAttachment(kind: "image", id: "65463453", mimeType: "image/jpeg", sha256: "4654+8g=")))
        guard case .media(let withURL) = try content("media_with_url") else {
            Issue.record("media_with_url is not media")
            return
        }
        #expect(withURL.url?.hasPrefix("https://lookaside.fbsbx.com/whatsapp_business/attachments/") == true)
        #expect(
            try content("video")
                == .media(
                    MediaAttachment(
                        kind: "video", id: "765756756", mimeType: "video/mp4",
                        sha256: "Jh+2ij6PzUv/J2y+grrtegr/ZMzRxkEPwc24Oyib4s03w9Jc=", caption: "caption")))
        #expect(
            try content("document")
                == .media(
                    MediaAttachment(
                        kind: "document", id: "1234567890987654321", mimeType: "application/pdf",
                        sha256: "grwfwe/ZPx0wAbdfbdeFUNItPZ0RylL8gGUvdt3YFqc18SY=", caption: "caption",
                        filename: "filename.pdf")))
        #expect(try content("audio").media?.voice == false)
        #expect(
            try content("voice")
                == .media(
                    MediaAttachment(
                        kind: "audio", id: "1234567890987654321", mimeType: "audio/ogg; codecs=opus",
                        sha256: "m04pFf2ERdaopTyFkGPA0+bX3i+YY2dYgVFwOgDLSDI=", voice: true)))
        for sticker in ["static_sticker", "animated_sticker"] {
            let media = try #require(try content(sticker).media)
            #expect(media.kind == "sticker" && media.mimeType == "image/webp" && media.id == "1234567890987654321")
        }
    }

    @Test("a reaction and its removal, with an empty or a missing emoji")
    func reactions() throws {
        #expect(try content("reaction") == .reaction(emoji: "😮", messageID: "wamid.yzxyzx="))
        #expect(try content("unreaction_empty") == .reaction(emoji: "", messageID: "wamid.yzxyzx="))
        #expect(try content("unreaction_no_emoji") == .reaction(emoji: "", messageID: "wamid.yzxyzx="))
        #expect(try !message("message", "unreaction_empty").message.expectsReply)
    }

    @Test("locations with and without a name")
    func locations() throws {
        #expect(try content("current_location") == .unsupported(kind: "location", summary: "(12.25089, 43.90539)"))
        #expect(
            try content("chosen_location")
                == .unsupported(
                    kind: "location",
                    summary: "Facebook HQ, 1 Hacker Way, Menlo Park, CA 94025 (37.4611978, -122.2164385)"))
    }

    @Test("several shared contacts, an order, unsupported types")
    func others() throws {
        #expect(
            try content("contacts")
                == .unsupported(
                    kind: "contacts",
                    summary: "Chandler Bing: +1 555-555-5555; Monica: +1 666-666-6666; Rachel Green: +1 777-777-7777"))
        #expect(
            try content("order")
                == .unsupported(
                    kind: "order",
                    summary:
                        "3 × HAMBURGER at 30 ILS, 2 × FRENCH_FRIES at 35 ILS, 2 × SODA at 10 ILS (catalog 354160437058781)"
                ))
        #expect(
            try content("unsupported")
                == .unsupported(kind: "unsupported", summary: "Message type is currently not supported."))
        #expect(try content("unsupported_with_type") == .unsupported(kind: "unsupported", summary: "pool"))
    }

    @Test("an interactive message without its object is kept, and the change's errors are reported")
    func interactiveWithError() throws {
        let batch = try MetaWebhookParser.parse(try MetaFixtures.pywa("message", "interactive_message_with_err"))
        #expect(batch.messages.first?.message.content == .unsupported(kind: "interactive", summary: nil))
        #expect(
            batch.errors == [
                MetaGraphError(
                    code: 131000, title: "Something went wrong", message: "Something went wrong",
                    details: "Unsupported webhook payload")
            ])
    }

    @Test("button and list callbacks; a quick reply with from_user_id")
    func callbacks() throws {
        let button = try message("callback_button", "button")
        #expect(button.message.content == .text("title") && button.buttonPayload == "callback_data")
        let quickReply = try message("callback_button", "quick_reply_without_context")
        #expect(quickReply.message.content == .text("title") && quickReply.contextMessageID == nil)
        #expect(quickReply.message.identity == Self.identity)
        #expect(try message("callback_selection", "callback").message.content == .text("title"))
        #expect(try message("callback_selection", "description").message.content == .text("title — description"))
    }

    @Test("statuses: sent, delivered, read, played, failed with its error, and unknown values kept raw")
    func statuses() throws {
        for name in ["sent", "delivered", "read", "played", "with_tracker"] {
            let batch = try MetaWebhookParser.parse(try MetaFixtures.pywa("message_status", name))
            let status = try #require(batch.statuses.first)
            let expected = name == "with_tracker" ? "sent" : name
            #expect(status.rawStatus == expected && status.status?.rawValue == expected)
            #expect(status.providerMessageID == "wamid.xyzxyz" && status.recipientID == "972987654321")
            #expect(status.phoneNumberID == "1122334455667" && status.errorCode == nil && status.timestamp != nil)
            #expect(batch.messages.isEmpty)
        }
        let failed = try #require(
            try MetaWebhookParser.parse(try MetaFixtures.pywa("message_status", "failed")).statuses.first)
        #expect(
            failed
                == MetaStatusUpdate(
                    phoneNumberID: "1122334455667", providerMessageID: "wamid.xyzxyz", rawStatus: "failed",
                    status: .failed, errorCode: "130472", errorTitle: "User's number is part of an experiment",
                    errorDetail: "Failed to send message because this user's phone number is part of an experiment",
                    recipientID: "972987654321", timestamp: Date(timeIntervalSince1970: 1_689_380_458)))
        let group = try #require(
            try MetaWebhookParser.parse(try MetaFixtures.pywa("message_status", "group")).statuses.first)
        #expect(group.status == .read && group.providerMessageID == "<WHATSAPP_MESSAGE_ID>")
    }
}
