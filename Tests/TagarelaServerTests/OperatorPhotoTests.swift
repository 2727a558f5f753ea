import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import TagarelaCore
import TagarelaFakes
import TagarelaSQLite
import Testing

/// An operator sends photos to a contact (an upload, or a catalogue item), from the API and the conversation page,
/// inside WhatsApp's 24-hour window, and each channel delivers them as the model's photos go.
@Suite("Photos sent by an operator", .timeLimit(.minutes(3)))
struct OperatorPhotoTests {
    @Test("Twilio: an uploaded photo goes out with its caption by a link the server serves")
    func twilioUpload() async throws {
        try await TestWorld.with { world in
            try await world.withServer { client in
                try await Webhook.post(client, Webhook.text("Oi"))
                _ = try await world.twilio.waitForSent(count: 1)
                let answer = try await client.adminUpload(
                    "/api/contacts/1/media",
                    CatalogueSeed.upload(CatalogueSeed.png, fields: [("caption", "Bolo pronto")]))
                #expect(answer.status == .accepted)
                #expect((answer.json["ids"] as? [Int])?.count == 1 && answer.json["status"] as? String == "pending")

                let sent = try await world.twilio.waitForSent(count: 2)
                #expect(sent[1].body == "Bolo pronto")
                let link = try #require(sent[1].mediaURLs.first)
                #expect(link.hasPrefix("\(TestWorld.publicURL)/media/"))
                let served = try await client.execute(
                    uri: String(link.dropFirst(TestWorld.publicURL.count)), method: .get)
                #expect(served.status == .ok && served.headers[.contentType] == "image/png")
                #expect(Data(served.body.readableBytesView) == CatalogueSeed.png)
                let messages = try await client.admin("/api/contacts/1/messages").json["messages"] as? [[String: Any]]
                let photo = try #require(messages?.last)
                #expect(photo["kind"] as? String == "image" && photo["status"] as? String == "sent")
            }
        }
    }

    @Test("Meta: a catalogue item's photos are uploaded and sent one a message, captioned with its description")
    func metaCatalogueItem() async throws {
        try await TestWorld.with { world in
            try await world.withServer { client in
                try await MetaHook.post(client, MetaHook.delivery(messages: [MetaHook.text("Oi")]))
                _ = try await world.graph.waitForSent(count: 1)
                let item = try #require(
                    try await CatalogueSeed.items(world, contactID: 1, ["Bolo de cenoura"], photos: 2).first)
                let answer = try await client.admin(
                    "/api/contacts/1/media", method: .post, body: #"{"catalogueItemID": \#(item.id)}"#)
                #expect(answer.status == .accepted && (answer.json["ids"] as? [Int])?.count == 2)

                let sent = try await world.graph.waitForSent(count: 3)
                for photo in sent.dropFirst() {
                    #expect(photo.type == "image")
                    #expect((photo.json["image"] as? [String: Any])?["caption"] as? String == "Bolo de cenoura")
                }
                let uploads = await world.graph.uploads()
                #expect(
                    uploads.count == 2 && uploads.allSatisfy { $0.bytes == CatalogueSeed.png && $0.type == "image/png" }
                )
            }
        }
    }

    @Test("refused: outside the window (409), not a photo (400), too large (413), another contact's item (404)")
    func refusals() async throws {
        try await TestWorld.with { world in
            let quiet = try await CatalogueSeed.contact(
                world, phone: "+5511911110000", at: Date().addingTimeInterval(-90_000))
            let ana = try await CatalogueSeed.contact(world)
            let quietItem = try #require(try await CatalogueSeed.items(world, contactID: quiet, ["Gato"]).first)
            try await world.withServer { client in
                let late = try await client.adminUpload(
                    "/api/contacts/\(quiet)/media", CatalogueSeed.upload(CatalogueSeed.png))
                #expect(late.status == .conflict)
                #expect(((late.json["error"] as? [String: Any])?["message"] as? String)?.contains("24 hours") == true)

                let text = try await client.adminUpload(
                    "/api/contacts/\(ana)/media", CatalogueSeed.upload(Data("<html>not a photo</html>".utf8)))
                #expect(text.status == .badRequest)
                let gif = try await client.adminUpload(
                    "/api/contacts/\(ana)/media", CatalogueSeed.upload(Data("GIF89a".utf8) + Data(count: 64)))
                #expect(gif.status == .badRequest)

                // Over 5 MB by a byte: refused by its size, and a larger body before it is read in full.
                let large = Data([0xFF, 0xD8, 0xFF]) + Data(count: (5 << 20) - 2)
                #expect(
                    try await client.adminUpload("/api/contacts/\(ana)/media", CatalogueSeed.upload(large)).status
                        == .contentTooLarge)
                let huge = Data([0xFF, 0xD8, 0xFF]) + Data(count: 6 << 20)
                #expect(
                    try await client.adminUpload("/api/contacts/\(ana)/media", CatalogueSeed.upload(huge)).status
                        == .contentTooLarge)

                let theirs = try await client.admin(
                    "/api/contacts/\(ana)/media", method: .post, body: #"{"catalogueItemID": \#(quietItem.id)}"#)
                #expect(theirs.status == .notFound)
                #expect(
                    try await client.admin("/api/contacts/\(ana)/media", method: .post, body: "{}").status
                        == .badRequest)
                let anonymous = try await client.execute(
                    uri: "/api/contacts/\(ana)/media", method: .post, headers: [.contentType: "application/json"],
                    body: ByteBuffer(string: #"{"catalogueItemID": 1}"#))
                #expect(anonymous.status == .unauthorized)
                #expect(
                    try await client.admin("/api/contacts/99/media", method: .post, body: #"{"catalogueItemID": 1}"#)
                        .status == .notFound)

                let stats = try await client.stats()
                #expect((stats["messages"] as? [String: Any])?["outbound"] as? Int == 0)
            }
            #expect(await world.twilio.sent().isEmpty)
        }
    }

    @Test("the conversation page uploads a photo and the gallery sends an item, each with the form's CSRF token")
    func fromTheDashboard() async throws {
        try await TestWorld.with { world in
            let ana = try await CatalogueSeed.contact(world)
            let item = try #require(try await CatalogueSeed.items(world, contactID: ana, ["Bolo de cenoura"]).first)
            try await world.withServer(DashboardAccessTests.withPassword) { client in
                let browser = try await AdminBrowser.loggedIn(client)
                _ = try await browser.get("/admin/conversations/\(ana)")
                #expect(browser.lastPage.contains(#"enctype="multipart/form-data" id="photo-form""#))
                #expect(browser.lastPage.contains(#"href="/admin/gallery?contact=\#(ana)""#))
                let forged = CatalogueSeed.upload(
                    CatalogueSeed.png, fields: [("csrf", String(repeating: "0", count: 64))])
                let refused = try await browser.send(
                    "/admin/conversations/\(ana)/media", method: .post, headers: [.contentType: forged.contentType],
                    body: forged.body)
                #expect(refused.status == .forbidden)

                _ = try await browser.get("/admin/conversations/\(ana)")
                let notAPhoto = CatalogueSeed.upload(Data("hello".utf8), fields: [("csrf", try browser.csrf())])
                let shown = try await browser.send(
                    "/admin/conversations/\(ana)/media", method: .post, headers: [.contentType: notAPhoto.contentType],
                    body: notAPhoto.body)
                #expect(shown.status == .badRequest && browser.lastPage.contains("The file is not a photo"))

                let upload = CatalogueSeed.upload(
                    CatalogueSeed.png, fields: [("csrf", try browser.csrf()), ("caption", "Olha só")])
                let uploaded = try await browser.send(
                    "/admin/conversations/\(ana)/media", method: .post, headers: [.contentType: upload.contentType],
                    body: upload.body)
                #expect(uploaded.status == .seeOther)
                #expect(uploaded.headers[.location] == "/admin/conversations/\(ana)?notice=photos")
                var sent = try await world.twilio.waitForSent(count: 1)
                #expect(sent[0].body == "Olha só" && sent[0].mediaURLs.count == 1)

                _ = try await browser.get("/admin/gallery")
                let fromGallery = try await browser.post(
                    "/admin/conversations/\(ana)/media", [("item", "\(item.id)")], csrf: true)
                #expect(fromGallery.headers[.location] == "/admin/conversations/\(ana)?notice=photos")
                sent = try await world.twilio.waitForSent(count: 2)
                #expect(sent[1].body == "Bolo de cenoura" && sent[1].mediaURLs.count == 1)
                _ = try await browser.get("/admin/conversations/\(ana)?notice=photos")
                #expect(browser.lastPage.contains("The photos are on their way."))
            }
        }
    }

    @Test("MEDIA_STORAGE=filesystem: the gallery shows, sends and deletes photos kept in MEDIA_DIR")
    func photosInAFolder() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tagarela-media-\(UUID())")
        defer { try? FileManager.default.removeItem(at: directory) }
        try await TestWorld.with { world in
            let mediaURL = await world.twilio.media(bytes: [UInt8](CatalogueSeed.png), contentType: "image/png")
            let settings = ["MEDIA_STORAGE": "filesystem", "MEDIA_DIR": directory.path]
            try await world.withServer(settings.merging(DashboardAccessTests.withPassword) { $1 }) { client in
                try await Webhook.post(client, PhotoTests.twilioPhoto(mediaURL, caption: "Meu gato"))
                _ = try await world.twilio.waitForSent(count: 1)
                let records = try ConversationSQLiteStore(path: world.databasePath)
                let item = try #require(try await records.catalogueItem(id: 1))
                let kept = try #require(try await records.media(id: item.photos[0].mediaID))
                #expect(kept.bytes.isEmpty && kept.location != nil)

                let browser = try await AdminBrowser.loggedIn(client)
                _ = try await browser.get("/admin/gallery")
                #expect(browser.lastPage.contains(#"src="/admin/media/\#(kept.id)""#))
                let shown = try await browser.get("/admin/media/\(kept.id)")
                #expect(shown.status == .ok && Data(shown.body.readableBytesView) == CatalogueSeed.png)

                let answer = try await client.admin(
                    "/api/contacts/1/media", method: .post, body: #"{"catalogueItemID": 1}"#)
                #expect(answer.status == .accepted)
                let sent = try await world.twilio.waitForSent(count: 2)
                let link = try #require(sent[1].mediaURLs.first)
                let served = try await client.execute(
                    uri: String(link.dropFirst(TestWorld.publicURL.count)), method: .get)
                #expect(Data(served.body.readableBytesView) == CatalogueSeed.png)

                #expect(try await client.admin("/api/catalogue/1", method: .delete).status == .noContent)
                let file = directory.appendingPathComponent("\(kept.contactID)/\(kept.id)")
                #expect(!FileManager.default.fileExists(atPath: file.path))
            }
        }
    }
}
