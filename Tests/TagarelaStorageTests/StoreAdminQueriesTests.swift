import Foundation
import Logging
import TagarelaCore
import TagarelaFakes
import Testing

@Suite("Storage: the dashboard's contact list, turns, activity, and the retention purge", .timeLimit(.minutes(3)))
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
        #expect(try await store.contact(identityKey: ContactIdentity.phoneKey("+5521988880002"))?.id == bia)
        #expect(try await store.contact(identityKey: ContactIdentity.phoneKey("+5521988880009")) == nil)
    }

    @Test(arguments: StoreKind.allCases)
    func pagesReadABoundedWindowOfMessages(kind: StoreKind) async throws {
        let store = try kind.make()
        for index in 1...5 {
            _ = try await store.ingest(
                Fixture.text("m\(index)"), at: Fixture.start.addingTimeInterval(Double(index)), schedule: .immediate)
        }
        _ = try await store.ingest(
            Fixture.text("another contact", from: "+5521988880002"), at: Fixture.start, schedule: .immediate)
        let contact = try #require(try await store.contact(identityKey: ContactIdentity.phoneKey("+5511999990001")))
        func texts(_ window: MessageWindow) async throws -> [String?] {
            try await store.messages(contactID: contact.id, window: window).map(\.text)
        }
        let all = try await store.messages(contactID: contact.id)
        #expect(all.map(\.text) == ["m1", "m2", "m3", "m4", "m5"])
        #expect(try await texts(.newest(limit: 2)) == ["m4", "m5"])
        #expect(try await texts(.newest(limit: 2, before: all[3].id)) == ["m2", "m3"])
        #expect(try await texts(.newest(limit: 9, before: all[1].id)) == ["m1"])
        #expect(try await texts(.after(all[1].id, limit: 2)) == ["m3", "m4"])
        #expect(try await texts(.after(0, limit: 9)) == ["m1", "m2", "m3", "m4", "m5"])
        #expect(try await texts(.after(all[4].id, limit: 2)).isEmpty)
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
        #expect(try await store.turns(contactID: id, from: turns[1].id).map(\.id) == [turns[1].id])

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
    func sendsAreCountedPerChannel(kind: StoreKind) async throws {
        let store = try kind.make()
        try await effects.turn(store, [])
        try await effects.turn(store, [], phone: "+5511999990002")
        let claims = try await store.claimOutbound(
            owner: "w", channels: Fixture.twilio, now: Fixture.start, leaseDuration: .seconds(30), limit: 5)
        #expect(claims.count == 2)
        try await store.recordSend(claims[0], result: .sent(providerMessageID: "SM1"), now: Fixture.start)
        try await store.recordSend(
            claims[1], result: .failed(code: "63016", reason: "outside the window", optedOut: false), now: Fixture.start
        )
        let health = try await store.sendHealth(since: Fixture.start.addingTimeInterval(-60))
        #expect(health == [.twilio: SendHealth(sent: 1, failed: 1)])
        #expect(try await store.sendHealth(since: Fixture.start.addingTimeInterval(60)).isEmpty)
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

@Suite("Housekeeping: idle takeovers go back to the bot, old conversations are purged", .timeLimit(.minutes(3)))
struct HousekeepingTests {
    let effects = StoreToolEffectsTests()

    @Test(arguments: StoreKind.allCases)
    func anIdleTakeoverIsResumedAndAnActiveOneIsNot(kind: StoreKind) async throws {
        let store = try kind.make()
        let quiet = try await effects.turn(store, [.handoff(reason: "pediu uma pessoa")])
        let busy = try await effects.turn(store, [.handoff(reason: "pediu uma pessoa")], phone: "+5511999990002")
        // The second contact writes again 50 minutes later; the first stays quiet.
        _ = try await store.ingest(
            Fixture.text("alô?", from: "+5511999990002"), at: Fixture.start.addingTimeInterval(3000),
            schedule: .immediate)
        let clock = ImmediateTimeSource(now: Fixture.start.addingTimeInterval(3600 + 1))
        let housekeeping = Housekeeping(
            store: store, settings: Housekeeping.Settings(handoffAutoResume: .seconds(3600), retention: nil),
            timeSource: clock, logger: Logger(label: "test"))
        await housekeeping.runOnce()
        #expect(try await store.contact(id: quiet)?.handoffAt == nil)
        #expect(try await store.contact(id: busy)?.handoffAt != nil)
        #expect(try await store.resumeIdleHandoffs(idleSince: Fixture.start.addingTimeInterval(1)).isEmpty)
    }

    @Test(arguments: StoreKind.allCases)
    func theRetentionPurgeRunsWithTheChores(kind: StoreKind) async throws {
        let store = try kind.make()
        let id = try await effects.turn(store, [])
        let clock = ImmediateTimeSource(now: Fixture.start.addingTimeInterval(31 * 86_400))
        let settings = Housekeeping.Settings(handoffAutoResume: nil, retention: .seconds(30 * 86_400))
        await Housekeeping(store: store, settings: settings, timeSource: clock, logger: Logger(label: "test")).runOnce()
        // The inbound "oi" is gone; the reply still in the outbox stays.
        #expect(try await store.messages(contactID: id).map(\.text) == ["ok"])
        #expect(!Housekeeping.Settings(handoffAutoResume: nil, retention: nil).hasChores)
    }
}
