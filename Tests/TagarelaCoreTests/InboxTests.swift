import Foundation
import TagarelaCore
import TagarelaFakes
import Testing

/// The inbox on the in-memory store and a manual clock: what it stores, what it schedules, what it leaves alone.
@Suite("Inbox on the in-memory store", .timeLimit(.minutes(3)))
struct InboxTests {
    let clock = ManualTimeSource()
    let store = InMemoryConversationStore()
    let schedule = TurnSchedule(debounce: .seconds(2), maxWait: .seconds(5))

    func inbox(maxMessageAge: Duration? = nil) -> Inbox {
        Inbox(store: store, schedule: schedule, timeSource: clock, signal: WorkSignal(), maxMessageAge: maxMessageAge)
    }

    func text(_ text: String, sid: String = UUID().uuidString, sentAt: Date? = nil) -> InboundMessage {
        InboundMessage(
            channel: .twilio, providerMessageID: sid, identity: ContactIdentity(phone: "+5511999990001"),
            replyAddress: "whatsapp:+5511999990001", content: .text(text), sentAt: sentAt)
    }

    @Test func aRedeliveredMessageIsStoredOnce() async throws {
        let first = try await inbox().receive(text("Oi", sid: "SM1"))
        guard case .stored(let id, _) = first else {
            Issue.record("not stored: \(first)")
            return
        }
        #expect(try await inbox().receive(text("Oi", sid: "SM1")) == .duplicate(messageID: id))
    }

    @Test func aBurstIsAnsweredOnceAfterTheQuietTimeButNoLaterThanTheLongestWait() async throws {
        let start = clock.now()
        try await inbox().receive(text("Oi"))
        #expect(try await store.nextTurnDue(channels: [.twilio]) == start.addingTimeInterval(2))
        clock.advance(by: .seconds(1.5))
        try await inbox().receive(text("tudo bem?"))
        #expect(try await store.nextTurnDue(channels: [.twilio]) == start.addingTimeInterval(3.5))
        clock.advance(by: .seconds(1.5))
        try await inbox().receive(text("preciso de ajuda"))
        // Quiet time would put it at 5 s; the longest wait holds it there too.
        #expect(try await store.nextTurnDue(channels: [.twilio]) == start.addingTimeInterval(5))
        let early = try await store.claimTurns(
            owner: "w", channels: [.twilio], now: clock.now(), leaseDuration: .seconds(30), limit: 5)
        #expect(early.isEmpty)
        let claims = try await store.claimTurns(
            owner: "w", channels: [.twilio], now: start.addingTimeInterval(5), leaseDuration: .seconds(30), limit: 5)
        #expect(claims.map { $0.messages.compactMap(\.text) } == [["Oi", "tudo bem?", "preciso de ajuda"]])
    }

    @Test func aStaleMessageIsRecordedButNotAnswered() async throws {
        let old = clock.now().addingTimeInterval(-3600)
        try await inbox(maxMessageAge: .seconds(60)).receive(text("de ontem", sentAt: old))
        #expect(try await store.nextTurnDue(channels: [.twilio]) == nil)
        let contact = try #require(try await store.contacts(ContactListQuery()).first?.contact)
        #expect(try await store.messages(contactID: contact.id).map(\.status) == [.recorded])
    }
}
