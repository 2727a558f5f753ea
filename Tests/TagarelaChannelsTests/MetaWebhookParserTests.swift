import Foundation
import TagarelaCore
import Testing

@testable import TagarelaChannels

@Suite("MetaWebhookParser: Meta's spec examples", .timeLimit(.minutes(3)))
struct MetaWebhookParserTests {
    /// The one message of a single-message example.
    func only(_ name: String) throws -> MetaInbound {
        let batch = try MetaWebhookParser.parse(try MetaFixtures.webhookExample(name))
        #expect(batch.messages.count == 1 && batch.skipped.isEmpty, "\(name): \(batch.skipped)")
        return try #require(batch.messages.first)
    }

    @Test("every example parses and each message or change is accounted for")
    func everyExample() throws {
        let examples = try MetaFixtures.webhookExamples()
        #expect(examples.count == 16)
        for (name, body) in examples {
            let batch = try MetaWebhookParser.parse(body)
            let accounted = batch.messages.count + batch.numberChanges.count + batch.ignoredFields.count
            #expect(accounted == 1, "\(name)")
            #expect(batch.skipped.isEmpty, "\(name): \(batch.skipped)")
            for inbound in batch.messages {
                #expect(inbound.phoneNumberID == "106540352242922")
                #expect(inbound.message.channel == .meta)
                #expect(inbound.message.providerMessageID.hasPrefix("wamid."))
                #expect(inbound.message.identity == ContactIdentity(phone: "+16505551234"))
                #expect(inbound.message.replyAddress == "16505551234")
                #expect(inbound.message.profileName == "Sheena Nelson")
                #expect(inbound.message.sentAt != nil)
            }
        }
    }

    @Test("text: body, timestamp as Unix seconds")
    func text() throws {
        let inbound = try only("Text Message")
        #expect(inbound.message.content == .text("Does it come in another color?"))
        #expect(inbound.message.providerMessageID == "wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=")
        #expect(inbound.message.sentAt == Date(timeIntervalSince1970: 1_749_416_383))
        #expect(inbound.message.expectsReply)
        #expect(inbound.contextMessageID == nil && !inbound.forwarded && inbound.referral == nil)
    }

    @Test("a product question keeps its context id")
    func context() throws {
        let inbound = try only("Text Message with Context (Product Inquiry)")
        #expect(inbound.message.content == .text("Is this still available?"))
        #expect(inbound.contextMessageID == "wamid.HBgLMTY1MDM4Nzk0MzkVAgARGA9wcm9kdWN0X2lucXVpcnkA")
    }

    @Test("a click-to-WhatsApp ad keeps its referral")
    func referral() throws {
        let inbound = try only("Text Message from Click to WhatsApp Ad")
        #expect(inbound.message.content == .text("Hello! Can I get more info on this?"))
        let referral = try #require(inbound.referral)
        #expect(referral.sourceType == "ad" && referral.sourceID == "120226305854810726")
        #expect(referral.sourceURL == "https://fb.me/3cr4Wqqkv")
        #expect(referral.headline == "Chat with us" && referral.body == "Summer Succulents are here!")
        #expect(referral.mediaType == "image" && referral.ctwaClid?.hasPrefix("Aff-n8ZTOD") == true)
    }

    @Test("a reaction is recorded, not answered")
    func reaction() throws {
        let inbound = try only("Reaction Message")
        #expect(
            inbound.message.content
                == .reaction(emoji: "👍", messageID: "wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBI0RTJEOTc2ODVERUY5RDlGNkYA"))
        #expect(!inbound.message.expectsReply)
    }

    @Test("an image carries its media id, type, hash and caption")
    func image() throws {
        let inbound = try only("Image Message")
        #expect(
            inbound.message.content
                == .media(
                    MediaAttachment(
                        kind: "image", id: "1003383421387256", mimeType: "image/jpeg",
                        sha256: "SfInY0gGKTsJlUWbwxC1k+FAD0FZHvzwfpvO0zX0GUI=", caption: "Taj Mahal")))
        #expect(inbound.message.content.text == "Taj Mahal")
    }

    @Test("a location reads as name, address and coordinates")
    func location() throws {
        let inbound = try only("Location Message")
        #expect(
            inbound.message.content
                == .unsupported(
                    kind: "location",
                    summary: "Philz Coffee, 101 Forest Ave, Palo Alto, CA 94301 (37.44221496582, -122.16165924072)"))
    }

    @Test("a shared contact reads as name, company and phone")
    func contacts() throws {
        let inbound = try only("Contact Sharing Message")
        #expect(
            inbound.message.content
                == .unsupported(kind: "contacts", summary: "Lucía Gómez (Google): +1 (983) 555-2319"))
    }

    @Test("an unsupported message keeps Meta's explanation")
    func unsupported() throws {
        let inbound = try only("Unsupported Message")
        #expect(
            inbound.message.content
                == .unsupported(kind: "unsupported", summary: "Message type is currently not supported."))
    }

    @Test("a template quick-reply button reads as its text, the payload kept aside")
    func button() throws {
        let inbound = try only("Button Message")
        #expect(inbound.message.content == .text("Unsubscribe"))
        #expect(inbound.buttonPayload == "Unsubscribe")
        #expect(inbound.contextMessageID == "wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBJFNjk2OTMwNEZCQjhGMzUyQUYA")
    }

    @Test("interactive list and button replies read as what the contact tapped")
    func interactive() throws {
        let list = try only("Interactive List Reply Message")
        #expect(list.message.content == .text("Priority Mail Express — Next Day to 2 Days"))
        #expect(list.buttonPayload == "priority_express")
        let button = try only("Interactive Button Reply Message")
        #expect(button.message.content == .text("Cancel"))
        #expect(button.buttonPayload == "cancel-button")
    }

    @Test("an order lists its items")
    func order() throws {
        let inbound = try only("Order Message")
        #expect(
            inbound.message.content
                == .unsupported(
                    kind: "order",
                    summary: "2 × di9ozbzfi4 at 30 USD, 1 × nqryix03ez at 25 USD (catalog 194836987003835)"))
    }

    @Test("a number change is reported with both numbers, not as a message")
    func numberChange() throws {
        let batch = try MetaWebhookParser.parse(try MetaFixtures.webhookExample("System Message"))
        #expect(batch.messages.isEmpty)
        #expect(
            batch.numberChanges == [
                MetaNumberChange(
                    phoneNumberID: "106540352242922",
                    change: NumberChange(
                        channel: .meta, providerMessageID: "wamid.HBgLMTk4MzU1NTE5NzQVAgASGAoxMTgyMDg2MjY3AA==",
                        oldPhone: "+16505551234", userID: nil, newPhone: "+12195555358",
                        newReplyAddress: "12195555358",
                        notice: "User Sheena Nelson changed from 16505551234 to 12195555358",
                        sentAt: Date(timeIntervalSince1970: 1_750_269_342)))
            ])
    }

    @Test("group changes are ignored by field name")
    func groups() throws {
        for (name, field) in [
            ("Group Create Message", "group_lifecycle_update"), ("Group Settings Update", "group_settings_update"),
            ("Group Remove Participants", "group_participants_update"),
        ] {
            let batch = try MetaWebhookParser.parse(try MetaFixtures.webhookExample(name))
            #expect(batch.ignoredFields == [field])
            #expect(batch.messages.isEmpty && batch.statuses.isEmpty && batch.skipped.isEmpty)
        }
    }
}
