import Foundation
import Logging
import TagarelaCore
import TagarelaFakes
import Testing

/// The outbox worker on the in-memory store and a manual clock: retries wait on the clock, not on real time.
@Suite("Outbox worker on the in-memory store", .timeLimit(.minutes(3)))
struct OutboxWorkerTests {
    /// A sender that answers from a script and keeps what it was given.
    actor ScriptedSender: ChannelSender {
        nonisolated let channel = ChannelKind.twilio
        nonisolated let maxTextLength = 1600
        var outcomes: [SendOutcome]
        var sent: [OutboundEnvelope] = []

        init(_ outcomes: [SendOutcome]) { self.outcomes = outcomes }

        func send(_ message: OutboundEnvelope) async -> SendOutcome {
            sent.append(message)
            return outcomes.isEmpty ? .accepted(providerMessageID: "SM\(sent.count)") : outcomes.removeFirst()
        }
    }

    /// Stores a turn's replies for one contact and returns the contact's id.
    func queueReplies(_ replies: [String], in store: InMemoryConversationStore, at now: Date) async throws -> Int64 {
        _ = try await store.ingest(
            InboundMessage(
                channel: .twilio, providerMessageID: UUID().uuidString,
                identity: ContactIdentity(phone: "+5511900000001"),
                replyAddress: "whatsapp:+5511900000001", content: .text("Oi")),
            at: now, schedule: .immediate)
        let claim = try #require(
            try await store.claimTurns(owner: "t", channels: [.twilio], now: now, leaseDuration: .seconds(60), limit: 1)
                .first)
        try await store.completeTurn(
            claim,
            outcome: TurnOutcome(replies: replies.map(OutboundDraft.reply), record: TurnRecord(status: .answered)),
            now: now)
        return claim.contact.id
    }

    @Test func aRetryWaitsForTheClockAndRepliesLeaveInOrder() async throws {
        let clock = ManualTimeSource()
        let store = InMemoryConversationStore()
        let contactID = try await queueReplies(["parte 1", "parte 2"], in: store, at: clock.now())
        let sender = ScriptedSender([.retryable(reason: "429", retryAfter: .seconds(5))])
        let signal = WorkSignal()
        let worker = OutboxWorker(
            store: store, senders: [sender], settings: OutboxWorker.Settings(owner: "o", concurrency: 2),
            timeSource: clock, signal: signal, logger: Logger(label: "test"))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await worker.run() }
            signal.signal()
            try await waitUntil("the first attempt") { await sender.sent.count == 1 }
            try await waitUntil("the retry recorded") {
                try await store.messages(contactID: contactID).contains { $0.errorDetail == "429" }
            }
            // The second part waits behind the first, and the first waits for the clock: nothing is ready.
            let ready = try await store.claimOutbound(
                owner: "other", channels: [.twilio], now: clock.now(), leaseDuration: .seconds(60), limit: 10)
            #expect(ready.isEmpty)
            #expect(await sender.sent.count == 1)
            clock.advance(by: .seconds(5))
            signal.signal()
            try await waitUntil("both parts sent") {
                try await store.messages(contactID: contactID).filter { $0.direction == .outbound }
                    .allSatisfy { $0.status == .sent }
            }
            group.cancelAll()
        }
        #expect(await sender.sent.map(\.text) == ["parte 1", "parte 1", "parte 2"])
    }
}
