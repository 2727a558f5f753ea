import Foundation
import TagarelaCore
import Testing

@Suite("Storage: the dashboard's contact list, turns, activity, and the retention purge")
struct StoreAdminQueriesTests {
    let effects = StoreToolEffectsTests()

    @Test(arguments: StoreKind.allCases)
    func contactsAreListedNewestFirstSearchedAndPaged(kind: StoreKind) async throws {
        let store = try kind.make()
        let ana = try await effects.turn(store, [], phone: "+5511999990001")
        let bia = try await effects.turn(store, [], phone: "+5521988880002", at: 10)
        let caio = try await effects.turn(store, [], phone: "+5531977770003", at: 20)
        _ = try await store.ingest(
            Fixture.text("Quero um BOLO de cenoura 100%", from: "+5521988880002"),
            at: Fixture.start.addingTimeInterval(30), schedule: .immediate)
        #expect(try await store.setHandoff(contactID: caio, reason: "pediu", at: Fixture.start))

        let all = try await store.contacts(ContactListQuery())
        #expect(all.map(\.contact.id) == [bia, caio, ana])
        #expect(all[0].lastText == "Quero um BOLO de cenoura 100%")
        #expect(all[0].lastMessageAt == Fixture.start.addingTimeInterval(30))
        #expect(all[1].lastText == "ok")

        #expect(try await store.contacts(ContactListQuery(search: "bolo")).map(\.contact.id) == [bia])
        #expect(try await store.contacts(ContactListQuery(search: "999990001")).map(\.contact.id) == [ana])
        #expect(try await store.contacts(ContactListQuery(search: "\(caio)")).map(\.contact.id) == [caio])
        // `%` is a character to find, not a wildcard.
        #expect(try await store.contacts(ContactListQuery(search: "100%")).map(\.contact.id) == [bia])
        #expect(try await store.contacts(ContactListQuery(search: "0%o")).isEmpty)
        #expect(try await store.contacts(ContactListQuery(search: "  ")).count == 3)
        #expect(try await store.contacts(ContactListQuery(waitingForHuman: true)).map(\.contact.id) == [caio])
        #expect(try await store.contacts(ContactListQuery(limit: 2, offset: 1)).map(\.contact.id) == [caio, ana])
        #expect(try await store.contacts(ContactListQuery(limit: 2, offset: 3)).isEmpty)
    }

    @Test(arguments: StoreKind.allCases)
    func turnsActivityAndReplyTimesAreRead(kind: StoreKind) async throws {
        let store = try kind.make()
        let id = try await effects.turn(store, [])
        // A day later (in UTC-3, the 1st turn is on day D and this one on D+1).
        try await effects.turn(store, [], at: 86_400)
        let turns = try await store.turns(contactID: id)
        #expect(turns.map(\.status) == ["answered", "answered"])
        #expect(turns[0].provider == "test" && turns[0].model == "m")
        #expect(turns[0].inputTokens == 10 && turns[0].outputTokens == 5)
        #expect(turns[0].startedAt == Fixture.start)
        #expect(try await store.turns(contactID: 999).isEmpty)

        let days = try await store.activity(since: Fixture.start.addingTimeInterval(-1), utcOffset: -3 * 3600)
        let first = Int((Fixture.start.timeIntervalSince1970 - 3 * 3600) / 86_400)
        #expect(days.map(\.day) == [first, first + 1])
        #expect(days.map(\.inbound) == [1, 1])
        #expect(days.map(\.turns) == [1, 1])
        // The replies are still in the outbox: not counted as sent.
        #expect(days.map(\.outbound) == [0, 0])
        #expect(try await store.activity(since: Fixture.start.addingTimeInterval(90_000), utcOffset: 0).isEmpty)
        #expect(try await store.replyLatencies(since: Fixture.start).count == 2)
        #expect(try await store.replyLatencies(since: Fixture.start.addingTimeInterval(1)).count == 1)
    }

    @Test(arguments: StoreKind.allCases)
    func thePurgeKeepsWhatIsRecentOrStillWaiting(kind: StoreKind) async throws {
        let store = try kind.make()
        let id = try await effects.turn(store, [])
        let other = try await effects.turn(store, [], phone: "+5511999990002")
        // The first contact writes again much later; the other contact's new message waits for its turn.
        try await effects.turn(store, [], at: 40 * 86_400)
        _ = try await store.ingest(
            Fixture.text("ainda aí?", from: "+5511999990002"), at: Fixture.start, schedule: .immediate)
        try await store.saveMedia(
            StoredMedia(
                id: "old", contactID: id, contentType: "audio/ogg", bytes: Data("OggS".utf8),
                createdAt: Fixture.start, expiresAt: Fixture.start.addingTimeInterval(90 * 86_400)),
            purgingBefore: Fixture.start)

        let counts = try await store.purge(olderThan: Fixture.start.addingTimeInterval(30 * 86_400))
        // The first contact's old "oi"; the replies still in the outbox stay, and so does the other contact's
        // history while a turn is due for them.
        #expect(counts.messages == 1)
        #expect(counts.media == 1)
        #expect(try await store.media(id: "old") == nil)
        #expect(try await store.messages(contactID: id).compactMap(\.text) == ["ok", "oi", "ok"])
        #expect(try await store.messages(contactID: other).compactMap(\.text) == ["oi", "ok", "ainda aí?"])
        #expect(try await store.contact(id: id) != nil)
    }
}
