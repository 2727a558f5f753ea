import Foundation
import TagarelaCore
import Testing

@Suite("Storage: media files", .timeLimit(.minutes(3)))
struct StoreMediaTests {
    @Test(arguments: StoreKind.allCases)
    func mediaIsKeptUntilItExpiresAndGoesWithTheContact(kind: StoreKind) async throws {
        let store = try kind.make()
        let id = try await StoreToolEffectsTests().turn(store, [])
        let bytes = Data("OggS…voice".utf8)
        let note = StoredMedia(
            id: StoredMedia.newID(), contactID: id, contentType: "audio/ogg", bytes: bytes, createdAt: Fixture.start,
            expiresAt: Fixture.start.addingTimeInterval(3600))
        try await store.saveMedia(note, purgingBefore: Fixture.start)
        #expect(try await store.media(id: note.id) == note)
        #expect(note.id.count == 32 && note.id != StoredMedia.newID())
        // Saving later purges what expired meanwhile.
        var later = note
        later.id = StoredMedia.newID()
        try await store.saveMedia(later, purgingBefore: Fixture.start.addingTimeInterval(3601))
        #expect(try await store.media(id: note.id) == nil)
        #expect(try await store.media(id: later.id) != nil)
        #expect(try await store.deleteContact(contactID: id))
        #expect(try await store.media(id: later.id) == nil)
    }

    @Test(arguments: StoreKind.allCases)
    func theDailyMediaQuotaCountsFilesAndBytesPerContactAndDay(kind: StoreKind) async throws {
        let store = try kind.make()
        let ana = try await StoreToolEffectsTests().turn(store, [])
        let bia = try await StoreToolEffectsTests().turn(store, [], phone: "+5521988880002")
        let today = Fixture.start
        let quota = MediaQuota(dailyCount: 2, dailyBytes: 1000)
        func take(_ contact: Int64, _ bytes: Int, on day: Date = today) async throws -> Bool {
            try await store.takeMediaAllowance(contactID: contact, bytes: bytes, day: day, quota: quota)
        }
        #expect(try await take(ana, 600))
        // Over the bytes: refused, and not counted.
        #expect(try await !take(ana, 500))
        #expect(try await take(ana, 400))
        // Over the count.
        #expect(try await !take(ana, 1))
        // Another contact has a quota of their own; a new day starts afresh.
        #expect(try await take(bia, 1000))
        #expect(try await take(ana, 1000, on: today.addingTimeInterval(86_400)))
        #expect(try await !take(ana, 1, on: today.addingTimeInterval(86_400)))
        // Off in one dimension: only the other counts.
        let countOnly = MediaQuota(dailyCount: 1, dailyBytes: 0)
        #expect(
            try await store.takeMediaAllowance(
                contactID: bia, bytes: 1 << 30, day: today.addingTimeInterval(86_400), quota: countOnly))
        #expect(try await store.deleteContact(contactID: ana))
        #expect(try await take(bia, 0, on: today.addingTimeInterval(2 * 86_400)))
    }
}
