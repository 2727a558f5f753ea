import Foundation
import Logging
import Synchronization
import TagarelaCore
import TagarelaFakes
import Testing

/// Files outside the database go with their records, whenever the place they live in answers.
@Suite("File janitor on the in-memory store", .timeLimit(.minutes(1)))
struct FileJanitorTests {
    /// A bucket that can be taken down, keeping what it holds.
    final class Bucket: FileStore, Sendable {
        let scheme = "s3"
        let objects = Mutex<[String: Data]>([:])
        let down = Mutex(false)

        func put(_ bytes: Data, key: String, contentType: String) async throws {
            try check()
            objects.withLock { $0[key] = bytes }
        }

        func get(key: String) async throws -> Data {
            try check()
            guard let bytes = objects.withLock({ $0[key] }) else { throw FileStoreError.notFound(key) }
            return bytes
        }

        func delete(key: String) async throws {
            try check()
            objects.withLock { $0[key] = nil }
        }

        private func check() throws {
            if down.withLock({ $0 }) { throw FileStoreError.unavailable("503 SlowDown") }
        }
    }

    @Test func anErasureWhileTheBucketIsDownFinishesWhenItAnswersAgain() async throws {
        let clock = ManualTimeSource()
        let store = InMemoryConversationStore()
        let bucket = Bucket()
        let files = MediaFiles(records: store, writer: bucket)
        let janitor = FileJanitor(
            queue: store, files: files, signal: WorkSignal(), timeSource: clock, logger: Logger(label: "test"))
        _ = try await store.ingest(
            InboundMessage(
                channel: .twilio, providerMessageID: "SM1", identity: ContactIdentity(phone: "+5511900000001"),
                replyAddress: "whatsapp:+5511900000001", content: .text("Oi")),
            at: clock.now(), schedule: .immediate)
        let contactID = try #require(try await store.contacts(ContactListQuery()).first?.contact.id)
        let photo = StoredMedia(
            id: StoredMedia.newID(), contactID: contactID, contentType: "image/jpeg", bytes: Data([0xFF, 0xD8, 0xFF]),
            createdAt: clock.now(), expiresAt: .distantFuture, isPublic: false)
        try await files.saveMedia(photo, purgingBefore: clock.now())
        #expect(bucket.objects.withLock { $0.count } == 1)
        #expect(try await files.media(id: photo.id)?.bytes == photo.bytes)
        // The record holds no bytes, only where they are.
        #expect(try await store.media(id: photo.id)?.bytes.isEmpty == true)

        bucket.down.withLock { $0 = true }
        #expect(try await store.deleteContact(contactID: contactID))
        #expect(try await janitor.deleteDue() == 0)
        #expect(try await store.pendingFileDeletions(contactID: contactID) == 1)
        // Not tried again before its time.
        bucket.down.withLock { $0 = false }
        #expect(try await janitor.deleteDue() == 0)
        #expect(bucket.objects.withLock { $0.count } == 1)
        clock.advance(by: .seconds(10))
        #expect(try await janitor.deleteDue() == 1)
        #expect(bucket.objects.withLock { $0.isEmpty })
        #expect(try await store.pendingFileDeletions(contactID: contactID) == 0)
    }

    @Test func theWaitDoublesUpToAnHour() {
        #expect(FileJanitor.retryDelay(afterAttempts: 1) == .seconds(10))
        #expect(FileJanitor.retryDelay(afterAttempts: 2) == .seconds(20))
        #expect(FileJanitor.retryDelay(afterAttempts: 30) == .seconds(3600))
    }
}
