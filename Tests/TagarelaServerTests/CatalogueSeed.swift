import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import TagarelaCore
import TagarelaSQLite
import Testing

/// A photo catalogue written straight into a test world's database, as turns would have filed it.
enum CatalogueSeed {
    /// A 1×1 PNG: a photo by its bytes, and one a browser can draw.
    static let png = Data(
        base64Encoded:
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==")!

    /// A contact who last wrote at `at` (a message needing no reply); returns their id.
    static func contact(
        _ world: TestWorld, phone: String = "+5511987654321", name: String = "Ana", at: Date = Date()
    ) async throws -> Int64 {
        let store = try ConversationSQLiteStore(path: world.databasePath)
        let message = InboundMessage(
            channel: .twilio, providerMessageID: Webhook.newSid(), identity: ContactIdentity(phone: phone),
            replyAddress: "whatsapp:\(phone)", profileName: name, content: .text("oi"), expectsReply: false)
        guard case .stored(_, let contactID) = try await store.ingest(message, at: at, schedule: .immediate) else {
            Issue.record("the contact was not stored")
            return 0
        }
        return contactID
    }

    /// One item per description for the contact, each with `photos` PNGs and a second newer than the last;
    /// returns them as filed.
    @discardableResult
    static func items(
        _ world: TestWorld, contactID: Int64, _ descriptions: [String], photos: Int = 1, start: Date = Date()
    ) async throws -> [CatalogueItem] {
        let store = try ConversationSQLiteStore(path: world.databasePath)
        var items: [CatalogueItem] = []
        for (index, description) in descriptions.enumerated() {
            let now = start.addingTimeInterval(Double(index))
            var item: CatalogueItem?
            for _ in 0..<photos {
                let file = StoredMedia(
                    id: StoredMedia.newID(), contactID: contactID, contentType: "image/png", bytes: png,
                    createdAt: now, expiresAt: .distantFuture, isPublic: false)
                try await store.saveMedia(file, purgingBefore: now)
                item = try await store.addPhotos(
                    [NewCataloguePhoto(mediaID: file.id, messageID: nil, contentType: "image/png")],
                    contactID: contactID, text: CatalogueText(describing: description), waitingUntil: nil, now: now)
            }
            items.append(try #require(item))
        }
        return items
    }

    /// A multipart upload as a browser or curl sends it: `fields`, then the `file`.
    static func upload(_ bytes: Data, fields: [(String, String)] = [], filename: String = "photo.png") -> (
        contentType: String, body: ByteBuffer
    ) {
        var form = MultipartFormData()
        for (name, value) in fields { form.addField(name, value) }
        form.addFile("file", filename: filename, contentType: "application/octet-stream", bytes: bytes)
        let body = form.encoded()
        return (form.contentType, ByteBuffer(bytes: body))
    }
}

extension TestClientProtocol {
    /// Posts `upload` to the admin API with the admin token.
    func adminUpload(_ path: String, _ upload: (contentType: String, body: ByteBuffer)) async throws
        -> (status: HTTPResponse.Status, json: [String: Any])
    {
        let response = try await execute(
            uri: path, method: .post,
            headers: [.authorization: "Bearer \(TestWorld.adminToken)", .contentType: upload.contentType],
            body: upload.body)
        let json = (try? JSONSerialization.jsonObject(with: Data(response.body.readableBytesView))) as? [String: Any]
        return (response.status, json ?? [:])
    }
}
