import Foundation
import TagarelaCore
import TagarelaPostgres
import Testing

extension PostgresInstancesTests {
    @Test func outboxWorkersOnThreeInstancesKeepEachContactsOrder() async throws {
        try await withInstances(3) { stores in
            var expected: [Int64: [String]] = [:]
            for contact in 0..<12 {
                _ = try await stores[contact % 3].ingest(
                    Fixture.text("Oi", from: "+55119200\(1000 + contact)"), at: Fixture.start, schedule: .immediate)
                let turn = try #require(
                    try await stores[contact % 3].claimTurns(
                        owner: "t", channels: Fixture.twilio, now: Fixture.start, leaseDuration: .seconds(30), limit: 1
                    ).first)
                let replies = (1...4).map { "c\(contact)-\($0)" }
                try await stores[contact % 3].completeTurn(turn, outcome: Fixture.answered(replies), now: Fixture.start)
                expected[turn.contact.id] = replies
            }
            let log = SendLog()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for (index, store) in (stores + stores).enumerated() {
                    group.addTask { try await sendAll(store, owner: "o\(index)", log: log) }
                }
                try await group.waitForAll()
            }
            #expect(await log.overlaps == 0)
            #expect(await log.sent == expected)
            #expect(try await stores[0].stats().pendingOutbound == 0)
        }
    }

    /// One outbox worker: claims, holds the send a moment (as a real provider call would), records it.
    private func sendAll(_ store: ConversationPostgresStore, owner: String, log: SendLog) async throws {
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            let claims = try await store.claimOutbound(
                owner: owner, channels: Fixture.twilio, now: Fixture.start, leaseDuration: .seconds(60), limit: 3)
            if claims.isEmpty {
                if try await store.stats().pendingOutbound == 0 { return }
                await Task.yield()
                continue
            }
            for claim in claims {
                await log.begin(claim)
                try await Task.sleep(for: .milliseconds(Int.random(in: 0...3)))
                await log.end(claim)
                try await store.recordSend(
                    claim, result: .sent(providerMessageID: "SM\(claim.envelope.messageID)"), now: Fixture.start)
            }
        }
        Issue.record("\(owner) gave up with messages still unsent")
    }
}
