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
}
