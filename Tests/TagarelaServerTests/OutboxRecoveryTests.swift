import AsyncHTTPClient
import Foundation
import Logging
import ServiceLifecycle
import TagarelaChannels
import TagarelaCore
import TagarelaFakes
import TagarelaSQLite
import Testing

/// The window no idempotency key closes: a send whose answer never came back. Twilio's Messages list
/// settles it, so the reply is neither lost nor sent twice.
@Suite("Outbox: sends with an unknown outcome", .timeLimit(.minutes(3)))
struct OutboxRecoveryTests {
    struct Rig {
        let store: ConversationSQLiteStore
        let sender: TwilioSender
        let twilio: FakeTwilio
    }

    /// A store with one reply waiting in the outbox, and a sender pointed at a fresh fake Twilio.
    /// `sendTimeout` is short only where a lost answer is the point of the test.
    func withRig(sendTimeout: Duration = testPatience, _ body: (Rig) async throws -> Void) async throws {
        let twilio = try await FakeTwilio.start(accountSID: TestWorld.accountSID, authToken: TestWorld.authToken)
        let store = try ConversationSQLiteStore(path: ":memory:")
        // Queued a while ago, so that the tests' dead workers can claim it "a second ago" with a lease already over.
        let now = Date().addingTimeInterval(-10)
        _ = try await store.ingest(
            InboundMessage(
                channel: .twilio, providerMessageID: "SMin", identity: ContactIdentity(phone: "+5511987654321"),
                replyAddress: "whatsapp:+5511987654321", content: .text("Oi")),
            at: now, schedule: .immediate)
        let turn = try #require(
            try await store.claimTurns(owner: "t", channels: [.twilio], now: now, leaseDuration: .seconds(30), limit: 1)
                .first)
        try await store.completeTurn(
            turn, outcome: TurnOutcome(replies: [.reply("Olá!")], record: TurnRecord(status: .answered)), now: now)
        let sender = TwilioSender(
            httpClient: HTTPClient.shared, accountSID: TestWorld.accountSID, authToken: TestWorld.authToken,
            from: TestWorld.botNumber, messagingServiceSID: nil, apiBaseURL: twilio.baseURL, statusCallbackURL: nil,
            timeout: sendTimeout, logger: Logger(label: "test"))
        do {
            try await body(Rig(store: store, sender: sender, twilio: twilio))
        } catch {
            await twilio.stop()
            throw error
        }
        await twilio.stop()
    }

    /// Runs an outbox worker until `done` holds.
    func runOutbox(_ rig: Rig, until done: @escaping @Sendable () async throws -> Bool) async throws {
        var logger = Logger(label: "outbox")
        logger.logLevel = .critical
        let worker = OutboxWorker(
            store: rig.store, senders: [rig.sender],
            settings: OutboxWorker.Settings(
                owner: "alive", concurrency: 4, leaseDuration: .seconds(5), pollInterval: .milliseconds(50),
                recheckDelay: .milliseconds(200)),
            timeSource: SystemTimeSource(), signal: WorkSignal(), logger: logger)
        let group = ServiceGroup(services: [worker], logger: logger)
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            try await waitUntil("the outbox done", done)
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }

    func replyStatus(_ rig: Rig) async throws -> StoredMessage? {
        let contactMessages = try await rig.store.messages(contactID: 1)
        return contactMessages.last { $0.direction == .outbound }
    }

    @Test func lostAnswerIsLookedUpInsteadOfResent() async throws {
        try await withRig(sendTimeout: .milliseconds(1500)) { rig in
            await rig.twilio.enqueue([.acceptThenHang])
            try await runOutbox(rig) { try await replyStatus(rig)?.status == .sent }
            let sent = await rig.twilio.sent()
            #expect(sent.count == 1)
            #expect(try await replyStatus(rig)?.providerMessageID == sent.first?.sid)
        }
    }

    @Test func crashBeforeTheRequestLeftIsSentAfterTheLookup() async throws {
        try await withRig { rig in
            // A worker claims the reply and dies before its request leaves.
            // Its lease has already run out: claimed a second ago, for 100 ms.
            _ = try await rig.store.claimOutbound(
                owner: "dead", channels: [.twilio], now: Date().addingTimeInterval(-1),
                leaseDuration: .milliseconds(100), limit: 1)
            try await runOutbox(rig) { try await replyStatus(rig)?.status == .sent }
            #expect(await rig.twilio.sent().map(\.body) == ["Olá!"])
        }
    }

    @Test func crashAfterTwilioTookItIsNotSentAgain() async throws {
        try await withRig { rig in
            let claim = try #require(
                try await rig.store.claimOutbound(
                    owner: "dead", channels: [.twilio], now: Date().addingTimeInterval(-1),
                    leaseDuration: .milliseconds(100), limit: 1
                ).first)
            // The dead worker's request reached Twilio; it died before recording the sid.
            guard case .accepted(let sid) = await rig.sender.send(claim.envelope) else {
                Issue.record("the fake refused the send")
                return
            }
            try await runOutbox(rig) { try await replyStatus(rig)?.status == .sent }
            #expect(await rig.twilio.sent().count == 1)
            #expect(try await replyStatus(rig)?.providerMessageID == sid)
        }
    }
}
