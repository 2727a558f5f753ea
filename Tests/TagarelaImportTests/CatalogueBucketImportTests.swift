import AsyncHTTPClient
import Foundation
import NIOCore
import Synchronization
import TagarelaChannels
import TagarelaCore
import TagarelaFakes
import TagarelaObjectStorage
import Testing

@testable import TagarelaImport

/// The photo script's private bucket on moto (which checks every signature): a link of the bucket that cannot be
/// downloaded, a bare key and an `s3://` URI are read with the configured S3 settings.
@Suite(
    "import-catalogue: a private bucket read with the S3 settings",
    .enabled(if: MotoS3.isEnabled, Comment(rawValue: MotoS3.skipped)),
    .timeLimit(.minutes(1))
)
struct CatalogueBucketImportTests {
    static let files: [String: [UInt8]] = [
        "images/gato.jpg": [0xFF, 0xD8, 0xFF, 0xE0] + Array(repeating: 1, count: 3000),
        "images/bolo.png": [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array(repeating: 2, count: 2000),
        "images/vaso.webp": Array("RIFF".utf8) + [0, 0, 0, 0] + Array("WEBPVP8 ".utf8)
            + Array(repeating: 3, count: 900),
    ]

    @Test func privateLinksKeysAndS3URIsComeFromTheBucket() async throws {
        let settings = try MotoS3.checkedSettings()
        let owner = S3Client(settings: settings, httpClient: HTTPClient.shared)
        try await owner.createBucket()
        for (key, bytes) in Self.files {
            try await owner.put(key: key, body: ByteBuffer(bytes: bytes), contentType: "application/octet-stream")
        }
        let endpoint = try #require(settings.endpoint?.absoluteString)
        let links = [
            // The script's public URL of a bucket that is private now: moto refuses it without a signature.
            "\(endpoint)/\(settings.bucket)/images/gato.jpg",
            "images/bolo.png",
            "s3://\(settings.bucket)/images/vaso.webp",
            "s3://another-bucket/images/gato.jpg",
            "images/sumiu.jpg",
        ]
        let photos = links.enumerated().map { index, link in
            PhotoScriptPhoto(
                id: Int64(index + 1), link: link, descriptionID: Int64(index + 1), description: "Foto \(index + 1)",
                fromNumber: "whatsapp:+5511900001111", createdAt: nil)
        }
        let catalogue = PhotoScriptCatalogue(photos: photos, descriptionsWithoutPhotos: 0)
        let now = Date(timeIntervalSince1970: 1_800_000_000)

        // Without a bucket the private link is refused and a key cannot be read.
        let plain = try await run(catalogue, bucket: nil, now: now)
        #expect(plain.summary.progress.imported == 0 && plain.summary.progress.failed == 5)
        #expect(plain.reasons[1] == "the host answered HTTP 403")
        #expect(plain.reasons[2]?.hasPrefix("not a web link, and no bucket is configured") == true)

        // Tagarela's own prefix is not the script's: its keys are whole.
        var configured = settings
        configured.prefix = "tagarela/"
        let imported = try await run(catalogue, bucket: CatalogueImporter.bucket(configured), now: now)
        #expect(imported.summary.progress.imported == 3 && imported.summary.progress.failed == 2)
        #expect(imported.reasons[4]?.contains("neither a web link nor a key or s3:// URI of bucket") == true)
        #expect(imported.reasons[5]?.contains("no object at key 'images/sumiu.jpg'") == true)
        let items = try await imported.store.catalogueItems(contactID: nil, matchingAny: [], limit: 10)
        var kept: [String: Data] = [:]
        for item in items {
            let photo = try #require(item.photos.first)
            let file = try #require(try await imported.store.media(id: photo.mediaID))
            kept[item.description] = file.bytes
        }
        #expect(kept["Foto 1"] == Data(Self.files["images/gato.jpg"] ?? []))
        #expect(kept["Foto 2"] == Data(Self.files["images/bolo.png"] ?? []))
        #expect(kept["Foto 3"] == Data(Self.files["images/vaso.webp"] ?? []))
    }

    /// Imports into a new in-memory store; the failures' reasons by photo id.
    func run(_ catalogue: PhotoScriptCatalogue, bucket: S3Client?, now: Date) async throws -> (
        summary: ImportSummary, reasons: [Int64: String], store: InMemoryConversationStore
    ) {
        let store = InMemoryConversationStore()
        let reasons = Mutex<[Int64: String]>([:])
        let importer = CatalogueImporter(
            store: store, files: store, fetcher: OutboundFetcher(allowsLoopback: true), bucket: bucket,
            report: { event in
                if case .failed(let failure) = event { reasons.withLock { $0[failure.photoID] = failure.reason } }
            })
        let summary = try await importer.run(catalogue, now: now)
        return (summary, reasons.withLock { $0 }, store)
    }
}
