import Foundation
import Logging
import TagarelaCore
import TagarelaFakes
import Testing

/// The intake on the in-memory store and a manual clock: what every channel's webhook events come to.
@Suite("Intake on the in-memory store", .timeLimit(.minutes(3)))
struct IntakeTests {
    let clock = ManualTimeSource()
    let store = InMemoryConversationStore()
    let outboxSignal = WorkSignal()
    static let phone = "+5511999990001"

    func intake(template: String? = "retomar_conversa") -> Intake {
        Intake(
            inbox: Inbox(store: store, schedule: .immediate, timeSource: clock, signal: WorkSignal()), store: store,
            reengagementTemplates: template.map { [.meta: $0] } ?? [:], outboxSignal: outboxSignal,
            timeSource: clock, logger: Logger(label: "test"))
    }

    func message(_ text: String, id: String, phone: String = phone) -> ChannelEvent {
        .message(
            InboundMessage(
                channel: .meta, providerMessageID: id, identity: ContactIdentity(phone: phone),
                replyAddress: String(phone.dropFirst()), content: .text(text)))
    }

    /// A contact wrote, the bot answered, and Meta took the answer as `wamid`: returns the contact's id.
    func answered(wamid: String) async throws -> Int64 {
        _ = try await intake().apply([message("Oi", id: "wamid.in-\(wamid)")])
        let turn = try #require(
            try await store.claimTurns(
                owner: "t", channels: [.meta], now: clock.now(), leaseDuration: .seconds(60), limit: 1
            ).first)
        try await store.completeTurn(
            turn, outcome: TurnOutcome(replies: [.reply("Olá!")], record: TurnRecord(status: .answered)),
            now: clock.now())
        let send = try #require(
            try await store.claimOutbound(
                owner: "o", channels: [.meta], now: clock.now(), leaseDuration: .seconds(60), limit: 1
            ).first)
        try await store.recordSend(send, result: .sent(providerMessageID: wamid), now: clock.now())
        return turn.contact.id
    }

    func failedOutsideWindow(_ wamid: String) -> ChannelEvent {
        .delivery(
            DeliveryReport(
                channel: .meta, providerMessageID: wamid, rawStatus: "failed", status: .failed,
                errorCode: WhatsAppWindow.metaOutsideWindowCode, errorDetail: "Re-engagement message",
                timestamp: clock.now()))
    }

    @Test func aRedeliveryIsCountedAsOneAndStoredOnce() async throws {
        let events = [message("Oi", id: "wamid.1"), message("tudo bem?", id: "wamid.2")]
        let first = try await intake().apply(events)
        #expect(first.messages == 2 && first.duplicates == 0 && !first.isRedelivery)
        let again = try await intake().apply(events)
        #expect(again.isRedelivery)
        let contact = try #require(try await store.contacts(ContactListQuery()).first?.contact)
        #expect(try await store.messages(contactID: contact.id).compactMap(\.text) == ["Oi", "tudo bem?"])
    }

    @Test func aReplyRefusedOutsideTheWindowQueuesTheTemplateOncePerClosedWindow() async throws {
        let contactID = try await answered(wamid: "wamid.out-1")
        let outcome = try await intake().apply([failedOutsideWindow("wamid.out-1")])
        #expect(outcome.earlyStatuses == 0)
        // The same report again (Meta repeats itself) queues nothing more.
        _ = try await intake().apply([failedOutsideWindow("wamid.out-1")])
        let messages = try await store.messages(contactID: contactID)
        #expect(messages.first { $0.providerMessageID == "wamid.out-1" }?.status == .failed)
        let templates = messages.filter { $0.kind == .template }
        #expect(templates.map(\.text) == ["retomar_conversa"])
        #expect(templates.first?.status == .pending)
    }

    @Test func withoutATemplateOrOnAnotherErrorNothingIsQueued() async throws {
        let contactID = try await answered(wamid: "wamid.out-2")
        _ = try await intake(template: nil).apply([failedOutsideWindow("wamid.out-2")])
        _ = try await intake().apply([
            .delivery(
                DeliveryReport(
                    channel: .meta, providerMessageID: "wamid.out-2", rawStatus: "failed", status: .failed,
                    errorCode: "131026"))
        ])
        #expect(try await store.messages(contactID: contactID).filter { $0.kind == .template }.isEmpty)
    }

    @Test func aYoungReceiptForAnUnknownMessageIsAskedForAgainAnOldOneIsNot() async throws {
        func delivered(at: Date) -> ChannelEvent {
            .delivery(
                DeliveryReport(
                    channel: .meta, providerMessageID: "wamid.not-yet", rawStatus: "delivered", status: .delivered,
                    timestamp: at))
        }
        #expect(try await intake().apply([delivered(at: clock.now().addingTimeInterval(-5))]).earlyStatuses == 1)
        #expect(try await intake().apply([delivered(at: clock.now().addingTimeInterval(-600))]).earlyStatuses == 0)
        // Twilio does not stamp its callbacks: an unknown one is never "early".
        let twilio = DeliveryReport(channel: .twilio, providerMessageID: "SM1", rawStatus: "sent", status: .sent)
        #expect(try await intake().apply([.delivery(twilio)]).earlyStatuses == 0)
    }

    @Test func aReceiptMovesTheMessageForwardNeverBack() async throws {
        let contactID = try await answered(wamid: "wamid.out-3")
        for status in [MessageStatus.read, .delivered] {
            _ = try await intake().apply([
                .delivery(
                    DeliveryReport(
                        channel: .meta, providerMessageID: "wamid.out-3", rawStatus: status.rawValue, status: status))
            ])
        }
        let sent = try await store.messages(contactID: contactID).first { $0.providerMessageID == "wamid.out-3" }
        #expect(sent?.status == .read)
    }

    @Test func aNumberChangeMovesTheContactAndItsMemory() async throws {
        _ = try await intake().apply([message("Oi", id: "wamid.a")])
        let before = try #require(try await store.contacts(ContactListQuery()).first?.contact)
        let newPhone = "+5511988887777"
        _ = try await intake().apply([
            .numberChange(
                NumberChange(
                    channel: .meta, providerMessageID: "wamid.change", oldPhone: Self.phone, userID: nil,
                    newPhone: newPhone, newReplyAddress: String(newPhone.dropFirst()), notice: "mudou de número",
                    sentAt: clock.now())),
            message("sou eu, número novo", id: "wamid.b", phone: newPhone),
        ])
        let contacts = try await store.contacts(ContactListQuery()).map(\.contact)
        #expect(contacts.map(\.id) == [before.id])
        #expect(contacts.first?.replyAddress == String(newPhone.dropFirst()))
        let texts = try await store.messages(contactID: before.id).compactMap(\.text)
        #expect(texts == ["Oi", "mudou de número", "sou eu, número novo"])
    }
}
