import Foundation
import HummingbirdTesting
import TagarelaCore
import TagarelaFakes
import Testing

@testable import TagarelaServer

/// The share of the last week's turns answered within `REPLY_DEADLINE_SECONDS`, as `/stats` and the overview show it.
@Suite("The share of turns answered within the reply deadline", .timeLimit(.minutes(3)))
struct ReplyDeadlineShareTests {
    /// One turn for a new contact, recorded with `status` at `now`.
    static func turn(_ store: InMemoryConversationStore, _ status: TurnRecord.Status, phone: String, at now: Date)
        async throws
    {
        _ = try await store.ingest(
            InboundMessage(
                channel: .twilio, providerMessageID: UUID().uuidString, identity: ContactIdentity(phone: phone),
                replyAddress: "whatsapp:\(phone)", content: .text("Oi")),
            at: now, schedule: .immediate)
        let claim = try #require(
            try await store.claimTurns(
                owner: "w", channels: [.twilio], now: now, leaseDuration: .seconds(60), limit: 1
            ).first)
        try await store.completeTurn(
            claim, outcome: TurnOutcome(replies: [.notice("…")], record: TurnRecord(status: status)), now: now)
    }

    @Test func answeredTurnsOverTheWeeksTurnsThatAskedAModel() async throws {
        let store = InMemoryConversationStore()
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let timing = ReplyTiming(deadline: .seconds(60))
        #expect(try await ReplyDeadlineShare.measure(store: store, timing: timing, now: now)?.share == nil)
        try await Self.turn(store, .answered, phone: "+5511900000001", at: now.addingTimeInterval(-8 * 86_400))
        for (index, status) in [TurnRecord.Status.answered, .answered, .answered, .timedOut, .failed, .skipped]
            .enumerated()
        {
            try await Self.turn(store, status, phone: "+55119000001\(index)", at: now.addingTimeInterval(-3600))
        }
        let share = try #require(try await ReplyDeadlineShare.measure(store: store, timing: timing, now: now))
        // The week's answered, timed-out and failed turns count; a skipped one asked no model, and last week's is out.
        #expect(share == ReplyDeadlineShare(seconds: 60, days: 7, turns: 5, answered: 3, share: 0.6))
        #expect(share.percent == "60%")
        #expect(try await ReplyDeadlineShare.measure(store: store, timing: .off, now: now) == nil)
    }

    @Test func statsAndTheOverviewShowIt() async throws {
        try await TestWorld.with { world in
            let settings = DashboardAccessTests.withPassword.merging(["REPLY_DEADLINE_SECONDS": "45"]) { $1 }
            try await world.withServer(settings) { client in
                try await Webhook.post(client, Webhook.text("Oi"))
                _ = try await world.twilio.waitForSent(count: 1)
                try await waitUntil("the turn counted") {
                    let deadline = try await client.stats()["replyDeadline"] as? [String: Any]
                    return deadline?["turns"] as? Int == 1
                }
                let deadline = try #require(try await client.stats()["replyDeadline"] as? [String: Any])
                #expect(deadline["seconds"] as? Int == 45 && deadline["answered"] as? Int == 1)
                #expect(deadline["share"] as? Double == 1)
                let browser = try await AdminBrowser.loggedIn(client)
                _ = try await browser.get("/admin")
                #expect(browser.lastPage.contains(#"id="card-deadline"><div class="value">100%<"#))
                #expect(browser.lastPage.contains("answered within 45 s (7 days)"))
            }
            try await world.withServer(["REPLY_DEADLINE_SECONDS": "0"]) { client in
                let stats = try await client.stats()
                #expect(stats["replyDeadline"] == nil && stats["turns"] != nil)
            }
        }
    }
}
