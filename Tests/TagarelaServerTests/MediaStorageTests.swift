import AsyncHTTPClient
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import TagarelaCore
import TagarelaFakes
import TagarelaObjectStorage
import TagarelaSQLite
import Testing

/// `MEDIA_STORAGE`: kept files' bytes in a shared folder or a real S3 bucket (moto), their records in the database;
/// served and sent back as from the database, and deleted with the contact.
@Suite("Media storage: a folder or an S3 bucket", .timeLimit(.minutes(3)))
struct MediaStorageTests {
    /// A captioned photo comes in, is asked for back, and goes out by link; returns the kept file and the link's path.
    func photoRoundTrip(_ world: TestWorld, _ settings: [String: String]) async throws -> (StoredMedia, String) {
        let mediaURL = await world.twilio.media(bytes: PhotoTests.jpeg, contentType: "image/jpeg")
        await world.openAI.enqueue([
            .response(.completed("Bonita!")),
            .response(.calling([("send_photos", #"{"item_ids":[1]}"#)])),
            .response(.completed("Aqui")),
        ])
        return try await world.withServer(settings.merging(["LLM_PROVIDER": "openai"]) { $1 }) { client in
            try await Webhook.post(client, PhotoTests.twilioPhoto(mediaURL, caption: "Meu gato"))
            _ = try await world.twilio.waitForSent(count: 1)
            try await Webhook.post(client, Webhook.text("Manda a foto do gato"))
            let sent = try await world.twilio.waitForSent(count: 3)
            let path = String(try #require(sent[2].mediaURLs.first).dropFirst(TestWorld.publicURL.count))
            let served = try await client.execute(uri: path, method: .get)
            #expect(served.status == .ok && Array(served.body.readableBytesView) == PhotoTests.jpeg)
            let records = try ConversationSQLiteStore(path: world.databasePath)
            let item = try #require(try await records.catalogueItem(id: 1))
            let kept = try #require(try await records.media(id: item.photos[0].mediaID))
            // The record holds no bytes: they are where MEDIA_STORAGE put them.
            #expect(kept.bytes.isEmpty && kept.location != nil)
            let erased = try await client.execute(
                uri: "/api/contacts/1", method: .delete, headers: [.authorization: "Bearer \(TestWorld.adminToken)"])
            #expect(erased.status == .noContent)
            return (kept, path)
        }
    }

    @Test("filesystem: the photo is a file under MEDIA_DIR, served from there, and gone with the contact")
    func filesystem() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tagarela-media-\(UUID())")
        defer { try? FileManager.default.removeItem(at: directory) }
        try await TestWorld.with { world in
            let (kept, _) = try await photoRoundTrip(
                world, ["MEDIA_STORAGE": "filesystem", "MEDIA_DIR": directory.path])
            #expect(kept.location == "file:\(kept.contactID)/\(kept.id)")
            let file = directory.appendingPathComponent("\(kept.contactID)/\(kept.id)")
            #expect(!FileManager.default.fileExists(atPath: file.path))
            let left = try FileManager.default.subpathsOfDirectory(atPath: directory.path)
                .filter { !$0.hasSuffix("/") && !["1"].contains($0) }
            #expect(left.isEmpty, "files left after the erasure: \(left)")
        }
    }

    @Test(
        "S3 (moto, signatures checked): the photo is an object, served through Tagarela, and deleted with the contact",
        .enabled(if: MotoS3.isEnabled, Comment(rawValue: MotoS3.skipped)))
    func s3() async throws {
        let settings = try MotoS3.checkedSettings(prefix: "images/")
        let bucket = S3Client(settings: settings, httpClient: HTTPClient.shared)
        try await bucket.createBucket()
        try await TestWorld.with { world in
            let (kept, _) = try await photoRoundTrip(
                world,
                [
                    "MEDIA_STORAGE": "s3", "S3_ENDPOINT": try MotoS3.required(MotoS3.variable),
                    "BUCKET_NAME": settings.bucket, "PREFIX": "images/",
                    "AWS_ACCESS_KEY_ID": settings.credentials.accessKeyID,
                    "AWS_SECRET_ACCESS_KEY": settings.credentials.secretAccessKey,
                ])
            #expect(kept.location == "s3:\(kept.contactID)/\(kept.id)")
            do {
                _ = try await bucket.head(key: "\(kept.contactID)/\(kept.id)")
                Issue.record("the photo's object is still in the bucket after the contact's erasure")
            } catch let error as S3Error {
                guard case .notFound = error else { throw error }
            }
        }
    }
}
