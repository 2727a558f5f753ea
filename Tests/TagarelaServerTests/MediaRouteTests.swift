import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import TagarelaCore
import TagarelaFakes
import TagarelaSQLite
import Testing

/// `GET /media/<id>.ogg`: public, by unguessable id, with its content type, gone when its link expires.
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
}
