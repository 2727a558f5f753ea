import Foundation
import TagarelaCore
import Testing

/// Many webhooks at once, as a busy number delivers them: PostgreSQL stores those that arrive together in one
/// statement and SQLite in one transaction, and each caller must still get its own answer.
@Suite("Storage: concurrent ingest", .timeLimit(.minutes(3)))
struct StoreConcurrentIngestTests {
    let schedule = TurnSchedule(debounce: .seconds(2), maxWait: .seconds(10))

    /// Five contacts, eight messages each, every one delivered twice, all at once.
    @Test(arguments: StoreKind.allCases)
    func eachDeliveryIsAnsweredAndEachMessageStoredOnce(kind: StoreKind) async throws {
        let store = try kind.make()
        let t0 = Fixture.start
        // Every contact is known first: the concurrent messages take the usual path.
        var contactIDs: [Int64] = []
        for contact in 0..<5 {
            contactIDs.append(
                try await contactID(
                    store.ingest(
                        Fixture.text("oi", from: phone(contact), sid: "first-\(contact)"), at: t0, schedule: schedule)))
        }
        let deliveries = (0..<5).flatMap { contact in
            (0..<8).flatMap { index in
                let message = Fixture.text("m\(index)", from: phone(contact), sid: "c\(contact)-m\(index)")
                return [(message, t0.addingTimeInterval(1)), (message, t0.addingTimeInterval(1))]
            }
        }.shuffled()
        let results = try await withThrowingTaskGroup(of: (String, IngestResult).self) { group in
            for (message, at) in deliveries {
                group.addTask {
                    (message.providerMessageID, try await store.ingest(message, at: at, schedule: schedule))
                }
            }
            return try await group.reduce(into: [:]) { $0[$1.0, default: []].append($1.1) }
        }
        #expect(results.count == 40)
        for (sid, answers) in results {
            let stored = answers.compactMap { answer -> Int64? in
                if case .stored(let id, _) = answer { return id } else { return nil }
            }
            #expect(stored.count == 1, "\(sid): \(answers)")
            #expect(answers.contains(.duplicate(messageID: stored.first ?? -1)), "\(sid): \(answers)")
        }
        for contactID in contactIDs {
            let found = try #require(try await store.contact(id: contactID))
            #expect(found.inboundCount == 9)
            #expect(try await store.messages(contactID: contactID).count == 9)
        }
        // The turns fall due two quiet seconds after the burst, each contact's messages in one.
        #expect(try await claim(store, at: t0.addingTimeInterval(2.9)).isEmpty)
        let claims = try await claim(store, at: t0.addingTimeInterval(3))
        #expect(claims.count == 5)
        #expect(claims.allSatisfy { $0.messages.count == 9 })
        #expect(claims.allSatisfy { $0.messages.map(\.id) == $0.messages.map(\.id).sorted() })
    }

    /// A message PostgreSQL cannot store (a NUL character in its text) fails alone: the others that arrived
    /// with it are stored.
    @Test(arguments: StoreKind.allCases)
    func oneBadMessageNeverFailsTheOthers(kind: StoreKind) async throws {
        let store = try kind.make()
        let contactID = try contactID(
            await store.ingest(Fixture.text("oi", sid: "first"), at: Fixture.start, schedule: schedule))
        let good = (0..<20).map { Fixture.text("m\($0)", sid: "good-\($0)") }
        let bad = Fixture.text("quebrado \u{0000} aqui", sid: "bad")
        let outcomes = await withTaskGroup(of: (String, Bool).self) { group in
            for message in good + [bad] {
                group.addTask {
                    let stored = try? await store.ingest(message, at: Fixture.start, schedule: schedule)
                    return (message.providerMessageID, stored != nil)
                }
            }
            return await group.reduce(into: [:]) { $0[$1.0] = $1.1 }
        }
        #expect(good.allSatisfy { outcomes[$0.providerMessageID] == true })
        let texts = try await store.messages(contactID: contactID).compactMap(\.text)
        #expect(Set(texts).isSuperset(of: good.compactMap(\.content.text)))
    }

    func contactID(_ result: IngestResult) throws -> Int64 {
        guard case .stored(_, let contactID) = result else { throw StorageError.unavailable("not stored: \(result)") }
        return contactID
    }

    func phone(_ contact: Int) -> String { "+55119888800\(String(format: "%02d", contact))" }

    func claim(_ store: any ConversationStore, at date: Date) async throws -> [TurnClaim] {
        try await store.claimTurns(
            owner: "w1", channels: Fixture.twilio, now: date, leaseDuration: .seconds(30), limit: 10)
    }
}
