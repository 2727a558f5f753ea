import Foundation
import TagarelaChannels
import TagarelaCore
import Testing

@Suite("MetaWebhookParser: batches, identities and bad input", .timeLimit(.minutes(3)))
struct MetaWebhookParserBatchTests {
    /// A payload with one change per value, each `value` given as JSON text.
    func payload(_ values: [[String]], object: String = "whatsapp_business_account") -> [UInt8] {
        let entries = values.enumerated().map { index, changes in
            let changes = changes.map { #"{"field":"messages","value":\#($0)}"# }.joined(separator: ",")
            return #"{"id":"WABA\#(index)","changes":[\#(changes)]}"#
        }
        return Array(#"{"object":"\#(object)","entry":[\#(entries.joined(separator: ","))]}"#.utf8)
    }

    func value(phoneNumberID: String = "111", contacts: String = "[]", messages: String) -> String {
        #"{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550001111","phone_number_id":"\#(phoneNumberID)"},"contacts":\#(contacts),"messages":\#(messages)}"#
    }

    func text(_ id: String, from: String = #""from":"5511987654321","#, body: String = "oi") -> String {
        #"{\#(from)"id":"\#(id)","timestamp":"1750000000","type":"text","text":{"body":"\#(body)"}}"#
    }

    @Test("several entries, changes and messages all come out, in order, with their phone number id")
    func batch() throws {
        let batch = try MetaWebhookParser.parse(
            payload([
                [
                    value(phoneNumberID: "111", messages: "[\(text("wamid.A")),\(text("wamid.B"))]"),
                    value(phoneNumberID: "222", messages: "[\(text("wamid.C"))]"),
                ],
                [
                    value(phoneNumberID: "111", messages: "[\(text("wamid.D"))]"),
                    #"{"messaging_product":"whatsapp","metadata":{"phone_number_id":"111"},"statuses":[{"id":"wamid.S1","status":"delivered","timestamp":"1750000001","recipient_id":"5511987654321"},{"id":"wamid.S2","status":"deleted","timestamp":1750000002}]}"#,
                ],
            ]))
        #expect(batch.messages.map(\.message.providerMessageID) == ["wamid.A", "wamid.B", "wamid.C", "wamid.D"])
        #expect(batch.messages.map(\.phoneNumberID) == ["111", "111", "222", "111"])
        #expect(batch.statuses.map(\.providerMessageID) == ["wamid.S1", "wamid.S2"])
        // An unknown status value is kept raw, and a numeric timestamp is read too.
        #expect(batch.statuses.map(\.status) == [.delivered, nil])
        #expect(batch.statuses.last?.rawStatus == "deleted")
        #expect(batch.statuses.last?.timestamp == Date(timeIntervalSince1970: 1_750_000_002))
        #expect(batch.skipped.isEmpty)
    }

    @Test("a BSUID-only sender is answered at the user id; the contact gives the profile name")
    func bsuidOnly() throws {
        let contacts = #"[{"profile":{"name":"Ana","username":"ana.s"},"user_id":"BR.88123456789012345"}]"#
        let message = text("wamid.U", from: #""from_user_id":"BR.88123456789012345","#)
        let batch = try MetaWebhookParser.parse(payload([[value(contacts: contacts, messages: "[\(message)]")]]))
        let inbound = try #require(batch.messages.first)
        #expect(inbound.message.identity == ContactIdentity(userID: "BR.88123456789012345"))
        #expect(inbound.message.replyAddress == "BR.88123456789012345")
        #expect(inbound.message.profileName == "Ana")
    }

    @Test("with several contacts, each message gets the matching one")
    func matchingContacts() throws {
        let contacts = #"""
            [{"profile":{"name":"Ana"},"wa_id":"5511911111111","user_id":"BR.1"},
             {"profile":{"name":"Bia"},"user_id":"BR.2"}]
            """#
        let messages = [
            text("wamid.1", from: #""from":"5511911111111","#),
            text("wamid.2", from: #""from_user_id":"BR.2","#),
        ]
        let batch = try MetaWebhookParser.parse(
            payload([[value(contacts: contacts, messages: "[\(messages.joined(separator: ","))]")]]))
        #expect(batch.messages.map(\.message.profileName) == ["Ana", "Bia"])
        #expect(
            batch.messages.map(\.message.identity) == [
                ContactIdentity(phone: "+5511911111111", userID: "BR.1"), ContactIdentity(userID: "BR.2"),
            ])
        #expect(batch.messages.map(\.message.replyAddress) == ["5511911111111", "BR.2"])
    }

    @Test("a message without any sender is skipped without quoting it; the others still count")
    func noSender() throws {
        let messages = [text("wamid.none", from: ""), text("wamid.ok")]
        let batch = try MetaWebhookParser.parse(payload([[value(messages: "[\(messages.joined(separator: ","))]")]]))
        #expect(batch.messages.map(\.message.providerMessageID) == ["wamid.ok"])
        #expect(batch.skipped.count == 1)
        #expect(batch.skipped.first?.contains("no sender") == true)
    }

    @Test("an element of an unexpected shape is skipped, never the whole delivery")
    func lossyElements() throws {
        let broken = #"{"from":"5511987654321","id":"wamid.bad","type":"text","text":{"body":42}}"#
        let batch = try MetaWebhookParser.parse(payload([[value(messages: "[\(broken),\(text("wamid.ok"))]")]]))
        #expect(batch.messages.map(\.message.providerMessageID) == ["wamid.ok"])
        #expect(batch.skipped.count == 1)
        #expect(batch.skipped.first?.contains("body") == true)
        #expect(batch.skipped.first?.contains("42") == false)
    }

    @Test("other system messages are skipped; the older number-change shape is read")
    func systemMessages() throws {
        let other =
            #"{"from":"5511987654321","id":"wamid.s1","timestamp":"1","type":"system","system":{"type":"customer_identity_changed","body":"x"}}"#
        let old =
            #"{"from":"5511987654321","from_user_id":"BR.7","id":"wamid.s2","timestamp":"2","type":"system","system":{"type":"customer_changed_number","new_wa_id":"5511900000000","body":"changed"}}"#
        let batch = try MetaWebhookParser.parse(payload([[value(messages: "[\(other),\(old)]")]]))
        #expect(batch.skipped.count == 1 && batch.skipped.first?.contains("customer_identity_changed") == true)
        #expect(batch.numberChanges.map(\.newPhone) == ["+5511900000000"])
        #expect(batch.numberChanges.first?.userID == "BR.7" && batch.numberChanges.first?.oldPhone == "+5511987654321")
    }

    @Test("an unknown message type is kept as unsupported with its type")
    func unknownType() throws {
        let poll = #"{"from":"5511987654321","id":"wamid.p","timestamp":"1","type":"poll","poll":{"q":"?"}}"#
        let batch = try MetaWebhookParser.parse(payload([[value(messages: "[\(poll)]")]]))
        #expect(batch.messages.first?.message.content == .unsupported(kind: "poll", summary: nil))
    }

    @Test("a Flow answer is kept as its response JSON")
    func flow() throws {
        let flow =
            #"{"from":"5511987654321","id":"wamid.f","timestamp":"1","type":"interactive","interactive":{"type":"nfm_reply","nfm_reply":{"name":"flow","body":"Sent","response_json":"{\"a\":1}"}}}"#
        let batch = try MetaWebhookParser.parse(payload([[value(messages: "[\(flow)]")]]))
        #expect(batch.messages.first?.message.content == .unsupported(kind: "flow", summary: #"{"a":1}"#))
    }

    @Test("malformed JSON, a missing object and another product's object throw")
    func rejects() throws {
        #expect(throws: MetaWebhookError.self) { try MetaWebhookParser.parse(Array("not json".utf8)) }
        #expect(throws: MetaWebhookError.self) { try MetaWebhookParser.parse(Array(#"{"entry":[]}"#.utf8)) }
        #expect(throws: MetaWebhookError.self) { try MetaWebhookParser.parse(Array("[]".utf8)) }
        #expect(throws: MetaWebhookError.unexpectedObject("page")) {
            try MetaWebhookParser.parse(payload([[value(messages: "[\(text("wamid.x"))]")]], object: "page"))
        }
    }

    @Test("an empty delivery is an empty batch")
    func empty() throws {
        let batch = try MetaWebhookParser.parse(Array(#"{"object":"whatsapp_business_account","entry":[]}"#.utf8))
        #expect(batch == MetaWebhookBatch())
    }
}
