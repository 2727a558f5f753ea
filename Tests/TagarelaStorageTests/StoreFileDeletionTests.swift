import Foundation
import TagarelaCore
import Testing

/// Files kept outside the database: whenever their record goes, their deletion is queued by the store itself,
/// durably, until the place they live in answers.
@Suite("Storage: files outside the database are deleted durably", .timeLimit(.minutes(3)))
struct StoreFileDeletionTests {
    func file(_ store: any ConversationStore, contactID: Int64, location: String?) async throws -> StoredMedia {
        let file = StoredMedia(
            id: StoredMedia.newID(), contactID: contactID, contentType: "image/jpeg", bytes: Data(),
            createdAt: Fixture.start, expiresAt: .distantFuture, isPublic: false, location: location)
        try await store.saveMedia(file, purgingBefore: Fixture.start)
        return file
    }

    @Test(arguments: StoreKind.allCases)
    func deletingAnItemOrTheContactQueuesTheirFilesUntilTheyAreGone(kind: StoreKind) async throws {
        let store = try kind.make()
        let ana = try await StoreToolEffectsTests().turn(store, [])
        let outside = try await file(store, contactID: ana, location: "s3:ana/1")
        #expect(try await store.media(id: outside.id)?.location == "s3:ana/1")
        let inside = try await file(store, contactID: ana, location: nil)
        let item = try #require(
            try await store.addPhotos(
                [NewCataloguePhoto(mediaID: outside.id, messageID: nil, contentType: "image/jpeg")], contactID: ana,
                text: CatalogueText(description: "gato", terms: ["gato"]), waitingUntil: nil, now: Fixture.start))
        #expect(try await store.dueFileDeletions(now: Fixture.start, limit: 10).isEmpty)
        #expect(try await store.nextFileDeletionDue() == nil)
        _ = try await store.deleteCatalogueItem(id: item.id, contactID: ana)
        let due = try await store.dueFileDeletions(now: Date(), limit: 10)
        #expect(due.map(\.location) == ["s3:ana/1"] && due.first?.contactID == ana)
        // The place is down: the deletion waits and comes back when due.
        let deletion = try #require(due.first)
        let later = Date(timeIntervalSince1970: (Date().timeIntervalSince1970 + 60).rounded())
        try await store.postponeFileDeletion(id: deletion.id, retryAt: later)
        #expect(try await store.dueFileDeletions(now: Date(), limit: 10).isEmpty)
        #expect(try await store.nextFileDeletionDue() == later)
        #expect(try await store.dueFileDeletions(now: later, limit: 10).map(\.attempts) == [1])
        try await store.finishFileDeletion(id: deletion.id)
        #expect(try await store.pendingFileDeletions(contactID: ana) == 0)
        // The contact's erasure queues every file of theirs kept outside; those inside the database just go.
        let another = try await file(store, contactID: ana, location: "file:ana/2")
        #expect(try await store.deleteContact(contactID: ana))
        #expect(try await store.media(id: another.id) == nil)
        #expect(try await store.media(id: inside.id) == nil)
        #expect(try await store.pendingFileDeletions(contactID: ana) == 1)
        #expect(try await store.dueFileDeletions(now: Date(), limit: 10).map(\.location) == ["file:ana/2"])
    }
}
