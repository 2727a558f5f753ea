import Foundation
import TagarelaCore
import Testing

/// Each contact's photo catalogue, the same on every store: filing, waiting for a description, search by whole
/// words of the searchable text, the contact's own items only, and what goes with a deletion or a purge.
@Suite("Storage: the photo catalogue", .timeLimit(.minutes(3)))
struct StoreCatalogueTests {
    /// A photo's file, stored as the turn stores it.
    func photo(_ store: any ConversationStore, contactID: Int64, at offset: TimeInterval = 0) async throws
        -> NewCataloguePhoto
    {
        let now = Fixture.start.addingTimeInterval(offset)
        let file = StoredMedia(
            id: StoredMedia.newID(), contactID: contactID, contentType: "image/jpeg", bytes: Data([0xFF, 0xD8, 0xFF]),
            createdAt: now, expiresAt: .distantFuture, isPublic: false)
        try await store.saveMedia(file, purgingBefore: now)
        return NewCataloguePhoto(mediaID: file.id, messageID: nil, contentType: "image/jpeg")
    }

    static func text(_ description: String, _ terms: [String]) -> CatalogueText {
        CatalogueText(description: description, terms: terms)
    }

    static let cat = text("Meu gato dormindo no sofá", ["gato", "dormindo", "sofa"])
    static let dog = text("Cachorro na praia", ["cachorro", "praia"])

    @Test(arguments: StoreKind.allCases)
    func photosAreFiledUnderTheirDescriptionOnceAndFoundByWholeWords(kind: StoreKind) async throws {
        let store = try kind.make()
        let ana = try await StoreToolEffectsTests().turn(store, [])
        let first = try await photo(store, contactID: ana)
        let second = try await photo(store, contactID: ana)
        let item = try #require(
            try await store.addPhotos(
                [first, second], contactID: ana, text: Self.cat, waitingUntil: nil, now: Fixture.start))
        #expect(item.description == "Meu gato dormindo no sofá" && item.contactID == ana)
        #expect(item.photos.map(\.mediaID) == [first.mediaID, second.mediaID])
        // A turn run again files nothing twice; the same description is the same item.
        let again = try await store.addPhotos(
            [first], contactID: ana, text: Self.cat, waitingUntil: nil, now: Fixture.start.addingTimeInterval(1))
        #expect(again?.id == item.id && again?.photos.count == 2)
        let dogPhoto = try await photo(store, contactID: ana, at: 2)
        let dog = try #require(
            try await store.addPhotos(
                [dogPhoto], contactID: ana, text: Self.dog, waitingUntil: nil, now: Fixture.start.addingTimeInterval(2))
        )
        #expect(try await store.catalogueItems(contactID: ana, matchingAny: ["gato"], limit: 10).map(\.id) == [item.id])
        // Any term matches; newest change first; a part of a word does not.
        #expect(
            try await store.catalogueItems(contactID: ana, matchingAny: ["praia", "gato"], limit: 10).map(\.id)
                == [dog.id, item.id])
        #expect(try await store.catalogueItems(contactID: ana, matchingAny: ["gat"], limit: 10).isEmpty)
        #expect(try await store.catalogueItems(contactID: ana, matchingAny: [], limit: 1).map(\.id) == [dog.id])
        #expect(try await store.catalogueItem(id: item.id) == item.withUpdatedAt(Fixture.start.addingTimeInterval(1)))
    }

    @Test(arguments: StoreKind.allCases)
    func aContactSeesOnlyTheirOwnCatalogue(kind: StoreKind) async throws {
        let store = try kind.make()
        let ana = try await StoreToolEffectsTests().turn(store, [])
        let bia = try await StoreToolEffectsTests().turn(store, [], phone: "+5521988880002")
        let anas = try #require(
            try await store.addPhotos(
                [try await photo(store, contactID: ana)], contactID: ana, text: Self.cat, waitingUntil: nil,
                now: Fixture.start))
        let bias = try #require(
            try await store.addPhotos(
                [try await photo(store, contactID: bia)], contactID: bia, text: Self.cat, waitingUntil: nil,
                now: Fixture.start))
        #expect(anas.id != bias.id)
        #expect(try await store.catalogueItems(contactID: bia, matchingAny: ["gato"], limit: 10).map(\.id) == [bias.id])
        #expect(try await store.catalogueItems(contactID: nil, matchingAny: ["gato"], limit: 10).count == 2)
        // Bia can neither rename nor delete Ana's item.
        #expect(try await store.redescribe(itemID: anas.id, contactID: bia, as: Self.dog, now: Fixture.start) == nil)
        #expect(try await store.deleteCatalogueItem(id: anas.id, contactID: bia).isEmpty)
        #expect(try await store.catalogueItem(id: anas.id)?.description == Self.cat.description)
    }

    @Test(arguments: StoreKind.allCases)
    func aPhotoAloneWaitsForItsDescriptionUntilItStopsWaiting(kind: StoreKind) async throws {
        let store = try kind.make()
        let ana = try await StoreToolEffectsTests().turn(store, [])
        let bare = try await photo(store, contactID: ana)
        let until = Fixture.start.addingTimeInterval(3600)
        #expect(
            try await store.addPhotos([bare], contactID: ana, text: nil, waitingUntil: until, now: Fixture.start) == nil
        )
        #expect(try await store.waitingPhotos(contactID: ana, now: Fixture.start).map(\.mediaID) == [bare.mediaID])
        #expect(try await store.waitingPhotos(contactID: ana, now: until).isEmpty)
        let described = try #require(
            try await store.describeWaitingPhotos(
                contactID: ana, as: Self.dog, now: Fixture.start.addingTimeInterval(60)))
        #expect(described.photos.map(\.mediaID) == [bare.mediaID] && described.photos.first?.waitingUntil == nil)
        #expect(try await store.waitingPhotos(contactID: ana, now: Fixture.start).isEmpty)
        #expect(
            try await store.describeWaitingPhotos(
                contactID: ana, as: Self.cat, now: Fixture.start.addingTimeInterval(61))
                == nil)
        // Renamed, it is found by its new words only.
        let renamed = try #require(
            try await store.redescribe(
                itemID: described.id, contactID: ana, as: Self.cat, now: Fixture.start.addingTimeInterval(62)))
        #expect(renamed.description == Self.cat.description)
        #expect(try await store.catalogueItems(contactID: ana, matchingAny: ["praia"], limit: 10).isEmpty)
        #expect(try await store.catalogueItems(contactID: ana, matchingAny: ["sofa"], limit: 10).count == 1)
    }

    @Test(arguments: StoreKind.allCases)
    func deletingAnItemOrTheContactTakesThePhotosAndTheirFiles(kind: StoreKind) async throws {
        let store = try kind.make()
        let ana = try await StoreToolEffectsTests().turn(store, [])
        let first = try await photo(store, contactID: ana)
        let item = try #require(
            try await store.addPhotos([first], contactID: ana, text: Self.cat, waitingUntil: nil, now: Fixture.start))
        #expect(try await store.deleteCatalogueItem(id: item.id, contactID: ana) == [first.mediaID])
        #expect(try await store.catalogueItem(id: item.id) == nil)
        #expect(try await store.media(id: first.mediaID) == nil)
        let second = try await photo(store, contactID: ana)
        let kept = try #require(
            try await store.addPhotos([second], contactID: ana, text: Self.dog, waitingUntil: nil, now: Fixture.start))
        #expect(try await store.deleteContact(contactID: ana))
        #expect(try await store.catalogueItem(id: kept.id) == nil)
        #expect(try await store.catalogueItems(contactID: nil, matchingAny: [], limit: 10).isEmpty)
        #expect(try await store.media(id: second.mediaID) == nil)
    }

    @Test(arguments: StoreKind.allCases)
    func pagesAfterAPositionReachEveryItemOnceNewestFirst(kind: StoreKind) async throws {
        let store = try kind.make()
        let ana = try await StoreToolEffectsTests().turn(store, [])
        // Times with fractions of a second, and three items changed at the same moment (the id decides).
        var filed: [CatalogueItem] = []
        for index in 0..<8 {
            let now = Fixture.start.addingTimeInterval(index < 3 ? 0.123_456_7 : Double(index) + 0.987_654_3)
            let photo = try await photo(store, contactID: ana)
            filed.append(
                try #require(
                    try await store.addPhotos(
                        [photo], contactID: ana, text: Self.text("Foto \(index)", ["foto\(index)"]),
                        waitingUntil: nil, now: now)))
        }
        let newest = try await store.catalogueItems(contactID: ana, matchingAny: [], limit: 100).map(\.id)
        #expect(newest == filed.map(\.id).reversed())
        var paged: [Int64] = []
        var cursor: CatalogueCursor?
        repeat {
            var after: CataloguePosition?
            if case .after(let position) = cursor { after = position }
            let page = try await store.catalogueItems(contactID: ana, matchingAny: [], limit: 3, after: after)
            paged += page.map(\.id)
            // The position goes through the token the API hands out, and back.
            cursor =
                page.count == 3 ? CatalogueCursor(token: CatalogueCursor.after(CataloguePosition(page[2])).token) : nil
        } while cursor != nil
        #expect(paged == newest)
    }

    @Test(arguments: StoreKind.allCases)
    func theRetentionPurgeKeepsCataloguedPhotosAndDropsTheRest(kind: StoreKind) async throws {
        let store = try kind.make()
        let ana = try await StoreToolEffectsTests().turn(store, [])
        let catalogued = try await photo(store, contactID: ana)
        try await store.addPhotos([catalogued], contactID: ana, text: Self.cat, waitingUntil: nil, now: Fixture.start)
        let abandoned = try await photo(store, contactID: ana)
        try await store.addPhotos(
            [abandoned], contactID: ana, text: nil, waitingUntil: Fixture.start.addingTimeInterval(60),
            now: Fixture.start)
        let counts = try await store.purge(olderThan: Fixture.start.addingTimeInterval(86_400))
        #expect(counts.media == 1)
        #expect(try await store.media(id: catalogued.mediaID) != nil)
        #expect(try await store.media(id: abandoned.mediaID) == nil)
        #expect(try await store.catalogueItems(contactID: ana, matchingAny: ["gato"], limit: 10).count == 1)
    }
}

extension CatalogueItem {
    func withUpdatedAt(_ date: Date) -> CatalogueItem {
        var item = self
        item.updatedAt = date
        return item
    }
}
