import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import TagarelaCore
import TagarelaFakes
import TagarelaSQLite
import Testing

/// Photos on a running server: kept, filed in the contact's catalogue, found and sent back through each channel.
@Suite("Photos: kept, catalogued, found and sent back", .timeLimit(.minutes(3)))
struct PhotoTests {
    /// A JPEG by its bytes (what the server checks), not by what the channel says.
    static let jpeg: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0] + Array(repeating: 0x42, count: 4000) + [0xFF, 0xD9]

    static func twilioPhoto(_ mediaURL: String, caption: String) -> [(String, String)] {
        Webhook.text(caption, extra: [("MediaUrl0", mediaURL), ("MediaContentType0", "image/jpeg")])
            .map { $0.0 == "NumMedia" ? ("NumMedia", "1") : $0 }
    }

    func store(_ world: TestWorld) throws -> ConversationSQLiteStore {
        try ConversationSQLiteStore(path: world.databasePath)
    }

    @Test("Twilio: a captioned photo is filed under its caption; 'mostre fotos de gato' sends it back by link")
    func twilioCaptionedPhotoFoundAndSent() async throws {
        try await TestWorld.with { world in
            let mediaURL = await world.twilio.media(bytes: Self.jpeg, contentType: "image/jpeg")
            await world.openAI.enqueue([
                .response(.completed("Que foto linda!")),
                .response(.calling([("search_photos", #"{"query":"fotos de gato"}"#)])),
                .response(.calling([("send_photos", #"{"item_ids":[1]}"#)])),
                .response(.completed("Aqui está!")),
            ])
            try await world.withServer(["LLM_PROVIDER": "openai"]) { client in
                try await Webhook.post(client, Self.twilioPhoto(mediaURL, caption: "Meu gato dormindo no sofá"))
                _ = try await world.twilio.waitForSent(count: 1)
                let first = try #require(await world.openAI.requests().first)
                #expect(first.messages.last?.content == "[imagem: Meu gato dormindo no sofá]")
                let item = try #require(try await store(world).catalogueItem(id: 1))
                #expect(item.description == "Meu gato dormindo no sofá" && item.photos.count == 1)
                #expect(try await store(world).media(id: item.photos[0].mediaID)?.bytes == Data(Self.jpeg))

                try await Webhook.post(client, Webhook.text("Mostre fotos de gato"))
                let sent = try await world.twilio.waitForSent(count: 3)
                #expect(sent[1].body == "Aqui está!")
                #expect(sent[2].body == "Meu gato dormindo no sofá")
                let link = try #require(sent[2].mediaURLs.first)
                #expect(link.hasPrefix("\(TestWorld.publicURL)/media/"))
                // What Twilio fetches answers HEAD and GET, with the photo's bytes; the kept original is not public.
                let path = String(link.dropFirst(TestWorld.publicURL.count))
                let head = try await client.execute(uri: path, method: .head)
                #expect(head.status == .ok && head.headers[.contentType] == "image/jpeg")
                let got = try await client.execute(uri: path, method: .get)
                #expect(got.status == .ok && Array(got.body.readableBytesView) == Self.jpeg)
                #expect(
                    try await client.execute(uri: "/media/\(item.photos[0].mediaID)", method: .get).status == .notFound)
                let search = try #require(await world.openAI.requests().dropFirst(2).first)
                #expect(search.toolOutputs.values.contains { $0.contains("Meu gato dormindo no sofá") })
            }
        }
    }

    @Test("Meta: a bare photo waits, the next text becomes its description, and it is sent back by upload")
    func metaBarePhotoDescribedThenSent() async throws {
        try await TestWorld.with { world in
            await world.graph.media(id: "1003383421387256", bytes: Self.jpeg, mimeType: "image/jpeg")
            await world.openAI.enqueue([
                .response(.completed("Que foto é essa?")),
                .response(.calling([("describe_photos", #"{"description":"Meu cachorro na praia"}"#)])),
                .response(.completed("Guardei!")),
                .response(.calling([("send_photos", #"{"item_ids":[1]}"#)])),
                .response(.completed("Olha ela aí")),
            ])
            try await world.withServer(["LLM_PROVIDER": "openai"]) { client in
                let photo = MetaHook.media("image", ["id": "1003383421387256", "mime_type": "image/jpeg"])
                try await MetaHook.post(client, MetaHook.delivery(messages: [photo]))
                _ = try await world.graph.waitForSent(count: 1)
                let asked = try #require(await world.openAI.requests().first)
                #expect(asked.instructions?.contains("1 photo(s) the contact sent wait for a description") == true)
                #expect(asked.toolNames.contains("describe_photos"))
                #expect(try await store(world).waitingPhotos(contactID: 1, now: Date()).count == 1)

                try await MetaHook.post(
                    client, MetaHook.delivery(messages: [MetaHook.text("É o meu cachorro na praia")]))
                _ = try await world.graph.waitForSent(count: 2)
                let item = try #require(try await store(world).catalogueItem(id: 1))
                #expect(item.description == "Meu cachorro na praia" && item.photos.count == 1)
                #expect(try await store(world).waitingPhotos(contactID: 1, now: Date()).isEmpty)

                try await MetaHook.post(client, MetaHook.delivery(messages: [MetaHook.text("Manda a do cachorro")]))
                let sent = try await world.graph.waitForSent(count: 4)
                #expect(sent[2].textBody == "Olha ela aí")
                #expect(sent[3].type == "image" && sent[3].json["image"] != nil)
                let upload = try #require(await world.graph.uploads().last)
                #expect(upload.bytes == Data(Self.jpeg) && upload.type == "image/jpeg")
                let export = try await client.admin("/api/contacts/1/export")
                #expect(
                    (export.json["catalogue"] as? [[String: Any]])?.first?["description"] as? String == item.description
                )
            }
        }
    }

    @Test("Meta: a WebP photo goes back as a JPEG (an image message carries JPEG or PNG); the kept file is as it came")
    func metaWebPSentAsJPEG() async throws {
        let webp = try GeneratedImage.make("640x480", "webp")
        try await TestWorld.with { world in
            await world.graph.media(id: "1003383421387257", bytes: Array(webp), mimeType: "image/webp")
            await world.openAI.enqueue([
                .response(.completed("Guardei!")),
                .response(.calling([("send_photos", #"{"item_ids":[1]}"#)])),
                .response(.completed("Olha ela aí")),
            ])
            try await world.withServer(["LLM_PROVIDER": "openai"]) { client in
                let photo = MetaHook.media(
                    "image", ["id": "1003383421387257", "mime_type": "image/webp", "caption": "Meu gato no sofá"])
                try await MetaHook.post(client, MetaHook.delivery(messages: [photo]))
                _ = try await world.graph.waitForSent(count: 1)
                try await MetaHook.post(client, MetaHook.delivery(messages: [MetaHook.text("Manda a do gato")]))
                let sent = try await world.graph.waitForSent(count: 3)
                #expect(sent[2].type == "image" && sent[2].json["image"] != nil)
                let upload = try #require(await world.graph.uploads().last)
                #expect(upload.type == "image/jpeg" && upload.fileContentType == "image/jpeg")
                #expect(MediaSniffer.contentType(of: upload.bytes) == "image/jpeg")
                #expect(ImageSize.of(upload.bytes) == ImageSize(width: 640, height: 480))
                let item = try #require(try await store(world).catalogueItem(id: 1))
                #expect(try await store(world).media(id: item.photos[0].mediaID)?.bytes == webp)
            }
        }
    }

    @Test(
        "LLM_VISION: a model that sees gets the photo's bytes, one that cannot reads its note and still answers",
        arguments: [true, false])
    func vision(on: Bool) async throws {
        try await TestWorld.with { world in
            let mediaURL = await world.twilio.media(bytes: Self.jpeg, contentType: "image/jpeg")
            try await world.withServer(["LLM_PROVIDER": "openai", "LLM_VISION": on ? "on" : "off"]) { client in
                try await Webhook.post(client, Self.twilioPhoto(mediaURL, caption: "Minha planta"))
                let sent = try await world.twilio.waitForSent(count: 1)
                #expect(sent[0].body == "Resposta para: [imagem: Minha planta]")
            }
            let request = try #require(await world.openAI.requests().first)
            #expect(request.rejection == nil)
            if on {
                #expect(request.images.map(\.bytes) == [Data(Self.jpeg)] && request.images.first?.role == "user")
            } else {
                #expect(request.images.isEmpty)
            }
        }
    }

    @Test("a photo larger than IMAGE_MAX_SIDE reaches the model scaled down, its aspect kept; the kept file is whole")
    func largePhotoIsFitted() async throws {
        let large = try GeneratedImage.make("3000x1500", "jpg")
        try await TestWorld.with { world in
            let mediaURL = await world.twilio.media(bytes: Array(large), contentType: "image/jpeg")
            try await world.withServer(["LLM_PROVIDER": "openai", "LLM_VISION": "on", "IMAGE_MAX_SIDE": "1024"]) {
                client in
                try await Webhook.post(client, Self.twilioPhoto(mediaURL, caption: "Paisagem"))
                _ = try await world.twilio.waitForSent(count: 1)
            }
            let seen = try #require(await world.openAI.requests().first?.images.first)
            #expect(ImageSize.of(seen.bytes) == ImageSize(width: 1024, height: 512))
            let kept = try #require(try await store(world).catalogueItem(id: 1)?.photos.first)
            #expect(try await store(world).media(id: kept.mediaID)?.bytes == large)
        }
    }

    @Test("IMAGE_DESCRIPTIONS=auto: the model describes a bare photo itself; =off keeps no catalogue")
    func automaticAndNoDescriptions() async throws {
        try await TestWorld.with { world in
            let first = await world.twilio.media(bytes: Self.jpeg, contentType: "image/jpeg")
            await world.openAI.enqueue([
                .response(.calling([("describe_photos", #"{"description":"Um vaso de flores amarelas"}"#)])),
                .response(.completed("Guardei como “Um vaso de flores amarelas”; quer mudar?")),
            ])
            try await world.withServer(["LLM_PROVIDER": "openai", "IMAGE_DESCRIPTIONS": "auto", "LLM_VISION": "on"]) {
                client in
                try await Webhook.post(client, Self.twilioPhoto(first, caption: ""))
                _ = try await world.twilio.waitForSent(count: 1)
            }
            let asked = try #require(await world.openAI.requests().first)
            #expect(asked.instructions?.contains("Describe what they show") == true)
            #expect(try await store(world).catalogueItem(id: 1)?.description == "Um vaso de flores amarelas")
            let second = await world.twilio.media(bytes: Self.jpeg, contentType: "image/jpeg")
            try await world.withServer(["LLM_PROVIDER": "openai", "IMAGE_DESCRIPTIONS": "off"]) { client in
                try await Webhook.post(client, Self.twilioPhoto(second, caption: "Outra"))
                _ = try await world.twilio.waitForSent(count: 2)
            }
            let last = try #require(await world.openAI.requests().last)
            #expect(!last.toolNames.contains("describe_photos") && last.messages.last?.content == "[imagem: Outra]")
            #expect(try await store(world).catalogueItems(contactID: nil, matchingAny: [], limit: 5).count == 1)
        }
    }

    @Test("Meta: a document is kept within its size and the model is told what arrived by its name")
    func metaDocument() async throws {
        try await TestWorld.with { world in
            let pdf = Array("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n".utf8)
            await world.graph.media(id: "2003383421387256", bytes: pdf, mimeType: "application/pdf")
            try await world.withServer(["LLM_PROVIDER": "openai"]) { client in
                let document = MetaHook.media(
                    "document",
                    [
                        "id": "2003383421387256", "mime_type": "application/pdf", "filename": "contrato.pdf",
                        "caption": "Pode ler?",
                    ])
                try await MetaHook.post(client, MetaHook.delivery(messages: [document]))
                _ = try await world.graph.waitForSent(count: 1)
            }
            let asked = try #require(await world.openAI.requests().first)
            #expect(asked.messages.last?.content == "[documento: contrato.pdf] Pode ler?")
            let message = try #require(try await store(world).messages(contactID: 1).first)
            let kept = try #require(message.media?.storedID)
            #expect(try await store(world).media(id: kept)?.bytes == Data(pdf))
            // A document is not a photo: no catalogue.
            #expect(try await store(world).catalogueItems(contactID: nil, matchingAny: [], limit: 5).isEmpty)
        }
    }

    @Test("Twilio: a document keeps the name its download gives, and the model is told it")
    func twilioDocumentName() async throws {
        try await TestWorld.with { world in
            let pdf = Array("%PDF-1.4\n%%EOF\n".utf8)
            let url = await world.twilio.media(bytes: pdf, contentType: "application/pdf", filename: "contrato.pdf")
            try await world.withServer(["LLM_PROVIDER": "openai"]) { client in
                let form = Webhook.text("", extra: [("MediaUrl0", url), ("MediaContentType0", "application/pdf")])
                    .map { $0.0 == "NumMedia" ? ("NumMedia", "1") : $0 }
                try await Webhook.post(client, form)
                _ = try await world.twilio.waitForSent(count: 1)
            }
            let asked = try #require(await world.openAI.requests().first)
            #expect(asked.messages.last?.content == "[documento: contrato.pdf]")
        }
    }

    @Test("a file that is not a photo is refused politely, and the model is not asked")
    func notAPhoto() async throws {
        try await TestWorld.with { world in
            let fake = await world.twilio.media(bytes: Array("MZ not an image".utf8), contentType: "image/jpeg")
            try await world.withServer(["LLM_PROVIDER": "openai"]) { client in
                try await Webhook.post(client, Self.twilioPhoto(fake, caption: ""))
                let sent = try await world.twilio.waitForSent(count: 1)
                #expect(sent[0].body == "Não consegui abrir o arquivo que você mandou. 😕 Pode enviar de novo?")
                #expect(try await store(world).catalogueItems(contactID: nil, matchingAny: [], limit: 5).isEmpty)
            }
            #expect(await world.openAI.requests().isEmpty)
        }
    }
}
