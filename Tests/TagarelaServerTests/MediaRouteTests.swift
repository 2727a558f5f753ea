import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import TagarelaCore
import TagarelaFakes
import TagarelaSQLite
import Testing

/// `GET /media/<id>.ogg`: public, by unguessable id, with its content type, gone when its link expires; every
/// media route answers with headers that keep a kept file from running as a page.
@Suite("The served media links", .timeLimit(.minutes(3)))
struct MediaRouteTests {
    @Test func aVoiceNoteIsServedUntilItsLinkExpires() async throws {
        let clock = ManualTimeSource()
        try await TestWorld.with { world in
            try await world.withServer(timeSource: clock) { client in
                try await Webhook.post(client, Webhook.text("Oi"))
                _ = try await world.twilio.waitForSent(count: 1)
                let store = try ConversationSQLiteStore(path: world.databasePath)
                let bytes = Data("OggS".utf8) + Data(repeating: 7, count: 100)
                let note = StoredMedia(
                    id: StoredMedia.newID(), contactID: 1, contentType: "audio/ogg", bytes: bytes,
                    createdAt: clock.now(), expiresAt: clock.now().addingTimeInterval(4 * 3600))
                try await store.saveMedia(note, purgingBefore: clock.now())

                let served = try await client.execute(uri: "/media/\(note.id).ogg", method: .get)
                #expect(served.status == .ok && served.headers[.contentType] == "audio/ogg")
                #expect(Data(served.body.readableBytesView) == bytes)
                #expect(served.headers[.cacheControl]?.hasPrefix("private, max-age=") == true)
                for unknown in ["/media/\(StoredMedia.newID()).ogg", "/media/\(note.id).mp3", "/media/../etc.ogg"] {
                    #expect(try await client.execute(uri: unknown, method: .get).status == .notFound)
                }
                clock.advance(by: .seconds(4 * 3600 + 1))
                #expect(try await client.execute(uri: "/media/\(note.id).ogg", method: .get).status == .notFound)
            }
        }
    }

    @Test func everyMediaRouteServesFilesInertAndOnlySoundsAndPicturesInPlace() async throws {
        try await TestWorld.with { world in
            let store = try ConversationSQLiteStore(path: world.databasePath)
            _ = try await store.ingest(
                InboundMessage(
                    channel: .twilio, providerMessageID: Webhook.newSid(),
                    identity: ContactIdentity(phone: "+5511987654321"), replyAddress: "whatsapp:+5511987654321",
                    profileName: "Ana", content: .text("oi"), expectsReply: false),
                at: Date(), schedule: .immediate)
            let types = ["audio/ogg", "image/jpeg", "text/html; charset=utf-8", "application/pdf"]
            let ids = Dictionary(uniqueKeysWithValues: types.map { ($0, StoredMedia.newID()) })
            for (type, id) in ids {
                try await store.saveMedia(
                    StoredMedia(
                        id: id, contactID: 1, contentType: type, bytes: Data("<script>alert(1)</script>".utf8),
                        createdAt: Date(), expiresAt: Date().addingTimeInterval(3600), isPublic: true),
                    purgingBefore: Date().addingTimeInterval(-86_400))
            }
            try await world.withServer(DashboardAccessTests.withPassword) { client in
                let browser = try await AdminBrowser.loggedIn(client)
                let admin: HTTPFields = [.authorization: "Bearer \(TestWorld.adminToken)"]
                for (type, id) in ids {
                    let served = [
                        try await client.execute(uri: "/media/\(id).ogg", method: .get, headers: [:], body: nil),
                        try await client.execute(uri: "/api/media/\(id)", method: .get, headers: admin, body: nil),
                        try await browser.get("/admin/media/\(id)"),
                    ]
                    for response in served {
                        #expect(response.status == .ok)
                        #expect(response.headers[.contentType] == type)
                        #expect(response.headers[HTTPField.Name("X-Content-Type-Options")!] == "nosniff")
                        #expect(response.headers[.contentSecurityPolicy] == "default-src 'none'; sandbox")
                        let inPlace = type.hasPrefix("audio/") || type.hasPrefix("image/")
                        #expect(response.headers[.contentDisposition] == (inPlace ? nil : "attachment"), "\(type)")
                    }
                }
            }
        }
    }
}
