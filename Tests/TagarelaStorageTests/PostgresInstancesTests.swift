import Foundation
import TagarelaCore
import TagarelaFakes
import TagarelaPostgres
import Testing

/// Several instances on one database, each with its own pool: the races a single process never shows.
@Suite(
    "Storage: PostgreSQL shared by several instances",
    .enabled(if: PostgresTestDatabase.isEnabled, Comment(rawValue: PostgresTestDatabase.skipped)),
    .timeLimit(.minutes(2))
)
struct PostgresInstancesTests {
    @Test func sameWebhookOnTwoInstancesIsStoredOnce() async throws {
        try await withInstances(2) { stores in
            let messages = (0..<20).map { Fixture.text("oi \($0)", from: "+55119700\(1000 + $0)", sid: "SMdup\($0)") }
            let results = try await ingestAtOnce(messages.flatMap { [($0, stores[0]), ($0, stores[1])] })
            let stored = results.compactMap { result -> Int64? in
                if case .stored(let id, _) = result { return id }
                return nil
            }
            let duplicates = results.compactMap { result -> Int64? in
                if case .duplicate(let id) = result { return id }
                return nil
            }
            #expect(stored.count == 20)
            #expect(Set(duplicates) == Set(stored))
            let stats = try await stores[1].stats()
            #expect(stats.messagesIn == 20)
            #expect(stats.contacts == 20)
        }
    }

    @Test func newContactWritingToTwoInstancesIsOnePerson() async throws {
        try await withInstances(2) { stores in
            let messages = (0..<10).map { Fixture.text("m\($0)", from: "+5511955556666") }
            let results = try await ingestAtOnce(messages.enumerated().map { ($1, stores[$0 % 2]) })
            let contacts = Set(
                results.compactMap { result -> Int64? in
                    if case .stored(_, let contact) = result { return contact }
                    return nil
                })
            #expect(contacts.count == 1)
            let contactID = try #require(contacts.first)
            let contact = try #require(try await stores[0].contact(id: contactID))
            #expect(contact.inboundCount == 10)
            #expect(try await stores[1].stats().contacts == 1)
        }
    }

    @Test func concurrentMergesKeepEveryMessage() async throws {
        try await withInstances(2) { stores in
            _ = try await stores[0].ingest(
                Fixture.text("by phone", from: "+5511944445555"), at: Fixture.start, schedule: .immediate)
            var byID = Fixture.text("by id")
            byID.identity = ContactIdentity(userID: "BR.9")
            _ = try await stores[1].ingest(byID, at: Fixture.start, schedule: .immediate)
            let both = (0..<6).map { index -> InboundMessage in
                var message = Fixture.text("both \(index)")
                message.identity = ContactIdentity(phone: "+5511944445555", userID: "BR.9")
                return message
            }
            _ = try await ingestAtOnce(both.enumerated().map { ($1, stores[$0 % 2]) })
            let stats = try await stores[0].stats()
            #expect(stats.contacts == 1)
            #expect(stats.messagesIn == 8)
            let claims = try await stores[1].claimTurns(
                owner: "w", channels: Fixture.twilio, now: Fixture.start, leaseDuration: .seconds(30), limit: 5)
            #expect(claims.count == 1)
            #expect(claims.first?.messages.count == 8)
            #expect(claims.first?.contact.inboundCount == 8)
        }
    }

    @Test func instancesCreatingTheSessionSecretAtOnceEndWithOne() async throws {
        try await withInstances(4) { stores in
            let secrets = try await withThrowingTaskGroup(of: [UInt8].self) { group in
                for (index, store) in stores.enumerated() {
                    group.addTask { try await store.adminSecret(proposed: [UInt8](repeating: UInt8(index), count: 32)) }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(secrets.count == 4)
            #expect(Set(secrets).count == 1)
            #expect(try await stores[2].adminSecret(proposed: [UInt8](repeating: 9, count: 32)) == secrets[0])
        }
    }

    @Test func concurrentMigrationsApplyOnce() async throws {
        try await withInstances(4, migrated: false) { stores in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for store in stores {
                    group.addTask { try await store.migrate() }
                }
                try await group.waitForAll()
            }
            for store in stores {
                #expect(try await store.appliedMigrations() == Array(1...14))
            }
            try await stores[2].migrate()
            #expect(try await stores[3].appliedMigrations() == Array(1...14))
            let result = try await stores[1].ingest(Fixture.text("Oi"), at: Fixture.start, schedule: .immediate)
            guard case .stored = result else {
                Issue.record("not stored after migrating: \(result)")
                return
            }
            #expect(try await stores[0].stats().messagesIn == 1)
        }
    }

    @Test func claimersOnThreeInstancesShareNoContact() async throws {
        try await withInstances(3) { stores in
            for contact in 0..<60 {
                for message in 0..<3 {
                    _ = try await stores[(contact + message) % 3].ingest(
                        Fixture.text("\(message)", from: "+55119100\(1000 + contact)"), at: Fixture.start,
                        schedule: .immediate)
                }
            }
            let claims = try await withThrowingTaskGroup(of: [TurnClaim].self) { group in
                for (index, store) in (stores + stores).enumerated() {
                    group.addTask {
                        var mine: [TurnClaim] = []
                        while true {
                            let batch = try await store.claimTurns(
                                owner: "i\(index)", channels: Fixture.twilio, now: Fixture.start,
                                leaseDuration: .seconds(30), limit: 4)
                            if batch.isEmpty { return mine }
                            mine += batch
                        }
                    }
                }
                return try await group.reduce(into: []) { $0 += $1 }
            }
            #expect(claims.count == 60)
            #expect(Set(claims.map(\.contact.id)).count == 60)
            #expect(claims.allSatisfy { $0.messages.compactMap(\.text) == ["0", "1", "2"] })
            #expect(try await stores[0].stats().pendingTurns == 60)
        }
    }
}
