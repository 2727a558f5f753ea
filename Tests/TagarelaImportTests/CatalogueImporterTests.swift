import Foundation
import Synchronization
import TagarelaChannels
import TagarelaCore
import TagarelaFakes
import TagarelaPostgres
import Testing

@testable import TagarelaImport

/// The importer's rules on the in-memory store, without PostgreSQL: numbers, the source URL, a file kept by a run
/// that stopped before filing it.
@Suite("import-catalogue: rules", .timeLimit(.minutes(1)))
struct CatalogueImporterTests {
    @Test(arguments: [
        ("whatsapp:+5511987654321", "+5511987654321"), ("+5511987654321", "+5511987654321"),
        ("5511987654321", "+5511987654321"), (" +55 (11) 98765-4321 ", "+5511987654321"),
        ("WhatsApp:+14155238886", "+14155238886"),
    ])
    func numbersBecomeE164(raw: String, phone: String) {
        #expect(PhotoScriptPhone.e164(raw) == phone)
    }

    @Test(arguments: ["", "whatsapp:", "abc", "+0123456789", "12345", "+1234567890123456", "whatsapp:US.1234"])
    func whatIsNotANumberIsRefused(raw: String) {
        #expect(PhotoScriptPhone.e164(raw) == nil)
    }

    @Test func theSourceIsReadAsDatabaseURLIsAndNeverEchoesThePassword() throws {
        let settings = try CatalogueImporter.source(
            from: "postgres://script:s3cret@ep-cool.neon.tech/photos?sslmode=require", configured: nil)
        #expect(settings.host == "ep-cool.neon.tech")
        #expect(settings.database == "photos")
        #expect(settings.tlsMode == .require)
        #expect(settings.password == "s3cret")
        do {
            _ = try CatalogueImporter.source(from: "mysql://script:s3cret@db/photos", configured: nil)
            Issue.record("a mysql URL was taken")
        } catch {
            #expect(error.description.hasPrefix("--from "))
            #expect(!error.description.contains("s3cret"))
        }
        #expect(throws: ImportError.self) { try CatalogueImporter.source(from: nil, configured: nil) }
        let configured = PostgresSettings(host: "db", username: "tagarela")
        #expect(try CatalogueImporter.source(from: nil, configured: configured).host == "db")
    }

    @Test func aFileKeptByAnInterruptedRunIsFiledWithoutADownload() async throws {
        let bytes: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0] + Array(repeating: 7, count: 500)
        let bucket = try await FakeWebHost.start(files: ["/a.jpg": bytes, "/b.jpg": bytes])
        defer { Task { await bucket.stop() } }
        let store = InMemoryConversationStore()
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let photos = ["/a.jpg", "/b.jpg"].enumerated().map { index, path in
            PhotoScriptPhoto(
                id: Int64(index + 1), link: bucket.baseURL + path, descriptionID: 1, description: "  ",
                fromNumber: "whatsapp:+5511900001111", createdAt: nil)
        }
        let contact = try await store.contactID(
            for: ContactIdentity(phone: "+5511900001111"), channel: .twilio, replyAddress: "whatsapp:+5511900001111",
            at: now)
        let keptID = CatalogueImporter.mediaID(link: photos[0].link)
        try await store.saveMedia(
            StoredMedia(
                id: keptID, contactID: contact, contentType: "image/jpeg", bytes: Data(bytes), createdAt: now,
                expiresAt: .distantFuture, isPublic: false), purgingBefore: now)
        let importer = CatalogueImporter(store: store, files: store, fetcher: OutboundFetcher(allowsLoopback: true))
        let summary = try await importer.run(
            PhotoScriptCatalogue(photos: photos, descriptionsWithoutPhotos: 0), now: now)
        #expect(summary.progress.imported == 2)
        #expect(await bucket.requestedPaths() == ["/b.jpg"])
        let items = try await store.catalogueItems(contactID: contact, matchingAny: [], limit: 5)
        // A description without words is filed under a placeholder, never left waiting.
        #expect(items.map(\.description) == [CatalogueImporter.untitled])
        #expect(items.first?.photos.map(\.mediaID).first == keptID)
        #expect(items.first?.photos.count == 2)
    }

    @Test func aPhotoOverTheLimitIsRefused() async throws {
        let big: [UInt8] = [0xFF, 0xD8, 0xFF] + Array(repeating: 0, count: 2000)
        let bucket = try await FakeWebHost.start(files: ["/big.jpg": big])
        defer { Task { await bucket.stop() } }
        let photo = PhotoScriptPhoto(
            id: 9, link: bucket.baseURL + "/big.jpg", descriptionID: 1, description: "Grande",
            fromNumber: "+5511900002222", createdAt: nil)
        let failures = Mutex<[ImportFailure]>([])
        let importer = CatalogueImporter(
            store: InMemoryConversationStore(), files: InMemoryConversationStore(),
            fetcher: OutboundFetcher(allowsLoopback: true), maxBytes: 1024
        ) { event in
            if case .failed(let failure) = event { failures.withLock { $0.append(failure) } }
        }
        let summary = try await importer.run(PhotoScriptCatalogue(photos: [photo], descriptionsWithoutPhotos: 0))
        #expect(summary.failed)
        #expect(failures.withLock { $0.map(\.reason) } == ["larger than 1024 bytes, the limit for a photo"])
    }
}
