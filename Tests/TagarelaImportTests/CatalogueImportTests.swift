import Foundation
import Synchronization
import TagarelaChannels
import TagarelaCore
import TagarelaFakes
import TagarelaPostgres
import TagarelaSQLite
import Testing

@testable import TagarelaImport

/// The photo script's real tables on PostgreSQL, its bucket on a fake web host, imported into SQLite twice.
@Suite(
    "import-catalogue: the photo script's catalogue",
    .enabled(if: PostgresTestDatabase.isEnabled, Comment(rawValue: PostgresTestDatabase.skipped)),
    .timeLimit(.minutes(2))
)
struct CatalogueImportTests {
    typealias Fixture = PhotoScriptFixture

    @Test func photosLandUnderTheirDescriptionsAndASecondRunAddsNothing() async throws {
        let bucket = try await FakeWebHost.start(files: Fixture.files)
        defer { Task { await bucket.stop() } }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("import-\(UUID()).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let store = try ConversationSQLiteStore(path: path)
        try await PostgresTestDatabase.withDatabase { source in
            try await Fixture.create(on: source, bucket: bucket.baseURL)
            let output = Mutex("")
            let printer = ImportProgressPrinter(isTerminal: false) { text in output.withLock { $0 += text } }
            let importer = CatalogueImporter(
                store: store, files: store, fetcher: OutboundFetcher(allowsLoopback: true), report: printer.show)
            let first = try await importer.run(from: source, logger: PostgresTestDatabase.quiet)
            #expect(first.progress.imported == 4)
            #expect(first.progress.failed == 3)
            #expect(first.contacts == 2)
            #expect(first.descriptionsWithoutPhotos == 1)
            try await expectCatalogues(store)

            // The broken link, the text file and the row without a number are reported by row; no number shows.
            let printed = output.withLock { $0 }
            #expect(printed.contains("photo 5 on 127.0.0.1: the host answered HTTP 404"))
            #expect(printed.contains("photo 6 on 127.0.0.1: not a JPEG, PNG or WebP image"))
            #expect(printed.contains("photo 7 on 127.0.0.1: its description's from_number"))
            #expect(printed.contains("photos 7/7 (100%): 4 imported, 0 already there, 3 failed"))
            #expect(!printed.contains("987654321") && !printed.contains("30123456"))

            let before = try await everything(store)
            let requested = await bucket.requestedPaths().count
            let second = try await importer.run(from: source, logger: PostgresTestDatabase.quiet)
            #expect(second.progress.imported == 0)
            #expect(second.progress.alreadyThere == 4)
            #expect(second.progress.failed == 3)
            #expect(try await everything(store) == before)
            // Only what failed was asked for again.
            let again = await bucket.requestedPaths().dropFirst(requested)
            #expect(Set(again) == ["/images/sumiu.jpg", "/images/lista.jpg"])
        }
    }

    private func expectCatalogues(_ store: ConversationSQLiteStore) async throws {
        let ana = try #require(try await store.contact(identityKey: "phone:\(Fixture.ana)"))
        #expect(ana.replyChannel == .twilio)
        #expect(ana.replyAddress == "whatsapp:\(Fixture.ana)")
        #expect(try await store.messages(contactID: ana.id).isEmpty)
        let items = try await store.catalogueItems(contactID: ana.id, matchingAny: [], limit: 10)
        #expect(Set(items.map(\.description)) == ["Meu gato dormindo no sofá", "Bolo de aniversário"])
        // Search finds the imported description as it finds one a contact wrote.
        let cats = try await store.catalogueItems(contactID: ana.id, matchingAny: SearchText.terms("gatos"), limit: 5)
        let cat = try #require(cats.first)
        #expect(cats.count == 1)
        #expect(cat.photos.map(\.contentType) == ["image/jpeg", "image/png"])
        #expect(cat.createdAt == ISO8601DateFormatter().date(from: "2025-03-01T10:00:05Z"))
        for (photo, path) in zip(cat.photos, ["/images/gato-1.jpg", "/images/gato-2.png"]) {
            let file = try #require(try await store.media(id: photo.mediaID))
            #expect(file.bytes == Data(Fixture.files[path] ?? []))
            #expect(file.contactID == ana.id)
            #expect(!file.isPublic)
            #expect(file.expiresAt == .distantFuture)
        }
        let bolo = try #require(items.first { $0.description == "Bolo de aniversário" })
        #expect(bolo.photos.map(\.contentType) == ["image/webp"])
        // Its image row has no date: the description's is kept.
        #expect(bolo.createdAt == ISO8601DateFormatter().date(from: "2025-03-02T11:00:00Z"))

        let bruno = try #require(try await store.contact(identityKey: "phone:\(Fixture.bruno)"))
        let bikes = try await store.catalogueItems(contactID: bruno.id, matchingAny: [], limit: 10)
        #expect(bikes.map(\.description) == ["Minha bicicleta"])
        #expect(bikes.first?.photos.count == 1)
        #expect(try await store.stats().contacts == 2)
    }

    /// Every catalogue item of the database, in id order.
    private func everything(_ store: ConversationSQLiteStore) async throws -> [CatalogueItem] {
        try await store.catalogueItems(contactID: nil, matchingAny: [], limit: 100).sorted { $0.id < $1.id }
    }

    @Test func aDatabaseWithoutTheTablesIsRefused() async throws {
        try await PostgresTestDatabase.withDatabase { source in
            await #expect(throws: ImportError.notPhotoScript(database: source.redactedURL)) {
                try await PhotoScriptCatalogue.read(from: source, logger: PostgresTestDatabase.quiet)
            }
        }
    }
}
