import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import TagarelaChannels
import TagarelaCore
import TagarelaFakes
import Testing

@Suite("FakeGraphAPI is as strict as the Graph API", .timeLimit(.minutes(3)))
struct MetaFakeGraphAPITests {
    static let token = "EAAG-test-token-0123456789"
    static let phoneNumberID = "106540352242922"
    static let text =
        #"{"messaging_product":"whatsapp","recipient_type":"individual","to":"5511987654321","type":"text","text":{"body":"oi"}}"#

    /// Posts `body` raw and returns the status and the Graph error code, if any.
    func post(
        _ fake: FakeGraphAPI, _ body: String, path: String? = nil, token: String? = Self.token,
        contentType: String = "application/json"
    ) async throws -> (status: Int, code: Int?) {
        var request = HTTPClientRequest(url: fake.baseURL + (path ?? "/\(Self.phoneNumberID)/messages"))
        request.method = .POST
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        request.headers.add(name: "Content-Type", value: contentType)
        request.body = .bytes(ByteBuffer(string: body))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let bytes = try await response.body.collect(upTo: 1 << 16)
        return (Int(response.status.code), MetaGraphError.parse(responseBody: Array(buffer: bytes))?.code)
    }

    func withFake(_ body: (FakeGraphAPI) async throws -> Void) async throws {
        try await FakeGraphAPI.start(accessToken: Self.token, phoneNumberID: Self.phoneNumberID).whileRunning(body)
    }

    @Test("a valid text is accepted with the spec's answer shape")
    func valid() async throws {
        try await withFake { fake in
            var request = HTTPClientRequest(url: fake.baseURL + "/\(Self.phoneNumberID)/messages")
            request.method = .POST
            request.headers.add(name: "Authorization", value: "Bearer \(Self.token)")
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: Self.text))
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
            #expect(response.status == .ok)
            let body = try await response.body.collect(upTo: 1 << 16)
            let json = try #require(
                try JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any])
            let sent = try #require(await fake.sent().first)
            #expect(json["messaging_product"] as? String == "whatsapp")
            #expect(
                (json["contacts"] as? [[String: String]]) == [["input": "5511987654321", "wa_id": "5511987654321"]])
            #expect((json["messages"] as? [[String: String]]) == [["id": sent.id]])
        }
    }

    @Test(
        "refusals: token, phone number id, content type, JSON, messaging_product, addressing, type, body",
        arguments: [
            ("wrong token", Self.text, nil, "wrong", "application/json", 401, 190),
            ("no token", Self.text, nil, nil, "application/json", 401, 190),
            ("other phone number id", Self.text, "/999/messages", Self.token, "application/json", 400, 100),
            ("form encoding", Self.text, nil, Self.token, "application/x-www-form-urlencoded", 400, 100),
            ("not JSON", "{", nil, Self.token, "application/json", 400, 100),
            (
                "no messaging_product", #"{"to":"5511987654321","type":"text","text":{"body":"oi"}}"#, nil, Self.token,
                "application/json", 400, 100
            ),
            (
                "to and recipient",
                #"{"messaging_product":"whatsapp","to":"5511987654321","recipient":"BR.1","type":"text","text":{"body":"oi"}}"#,
                nil, Self.token, "application/json", 400, 100
            ),
            (
                "no address", #"{"messaging_product":"whatsapp","type":"text","text":{"body":"oi"}}"#, nil, Self.token,
                "application/json", 400, 100
            ),
            (
                "unknown type", #"{"messaging_product":"whatsapp","to":"5511987654321","type":"fax","fax":{}}"#, nil,
                Self.token, "application/json", 400, 100
            ),
            (
                "empty body",
                #"{"messaging_product":"whatsapp","to":"5511987654321","type":"text","text":{"body":""}}"#,
                nil, Self.token, "application/json", 400, 100
            ),
            (
                "body too long",
                #"{"messaging_product":"whatsapp","to":"5511987654321","type":"text","text":{"body":"\#(String(repeating: "a", count: 4097))"}}"#,
                nil, Self.token, "application/json", 400, 100
            ),
            (
                "template without language",
                #"{"messaging_product":"whatsapp","to":"5511987654321","type":"template","template":{"name":"x"}}"#,
                nil,
                Self.token, "application/json", 400, 100
            ),
            (
                "typing of another kind",
                #"{"messaging_product":"whatsapp","status":"read","message_id":"wamid.X","typing_indicator":{"type":"audio"}}"#,
                nil, Self.token, "application/json", 400, 100
            ),
        ] as [(String, String, String?, String?, String, Int, Int)])
    func refusals(
        name: String, body: String, path: String?, token: String?, contentType: String, status: Int, code: Int
    ) async throws {
        try await withFake { fake in
            let answer = try await post(fake, body, path: path, token: token, contentType: contentType)
            #expect(answer.status == status && answer.code == code, "\(name)")
            #expect(await fake.sent().isEmpty)
            #expect(await fake.readReceipts().isEmpty)
            #expect(await fake.rejected().count == 1)
        }
    }

    @Test("a media id resolves to a URL on another host that needs the same token")
    func media() async throws {
        try await withFake { fake in
            await fake.media(id: "1003383421387256", bytes: Array("OggS fake audio".utf8), mimeType: "audio/ogg")
            var lookup = HTTPClientRequest(url: fake.baseURL + "/1003383421387256")
            lookup.headers.add(name: "Authorization", value: "Bearer \(Self.token)")
            let response = try await HTTPClient.shared.execute(lookup, timeout: .seconds(30))
            let body = try await response.body.collect(upTo: 1 << 16)
            let json = try #require(
                try JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any])
            let url = try #require(json["url"] as? String)
            #expect(url.hasPrefix("http://localhost:") && json["mime_type"] as? String == "audio/ogg")
            #expect(json["file_size"] as? String == "15")
            var download = HTTPClientRequest(url: url)
            let unauthorised = try await HTTPClient.shared.execute(download, timeout: .seconds(30))
            #expect(unauthorised.status == .unauthorized)
            download.headers.add(name: "Authorization", value: "Bearer \(Self.token)")
            let file = try await HTTPClient.shared.execute(download, timeout: .seconds(30))
            #expect(String(buffer: try await file.body.collect(upTo: 1 << 16)) == "OggS fake audio")
        }
    }

    /// Uploads `bytes` as `type`; returns the status and the media id Meta gave, if any.
    func upload(_ fake: FakeGraphAPI, _ bytes: Data, type: String) async throws -> (status: Int, id: String?) {
        var form = MultipartFormData()
        form.addField("messaging_product", "whatsapp")
        form.addField("type", type)
        form.addFile("file", filename: "file", contentType: type, bytes: bytes)
        // The boundary is chosen as the body is written: the type is read after.
        let encoded = form.encoded()
        var request = HTTPClientRequest(url: fake.baseURL + "/\(Self.phoneNumberID)/media")
        request.method = .POST
        request.headers.add(name: "Authorization", value: "Bearer \(Self.token)")
        request.headers.add(name: "Content-Type", value: form.contentType)
        request.body = .bytes(ByteBuffer(bytes: encoded))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let answer = try await response.body.collect(upTo: 1 << 16)
        let json = try? JSONSerialization.jsonObject(with: Data(answer.readableBytesView)) as? [String: Any]
        return (Int(response.status.code), json?["id"] as? String)
    }

    func imageMessage(_ id: String, type: String = "image") -> String {
        #"{"messaging_product":"whatsapp","to":"5511987654321","type":"\#(type)","\#(type)":{"id":"\#(id)"}}"#
    }

    @Test("an image message carries a JPEG or a PNG; a WebP is a sticker's file, a GIF is refused")
    func imageTypes() async throws {
        let jpeg = try GeneratedImage.make("32x24", "jpg")
        let webp = try GeneratedImage.make("32x24", "webp")
        try await withFake { fake in
            let photo = try await upload(fake, jpeg, type: "image/jpeg")
            #expect(try await post(fake, imageMessage(try #require(photo.id))).status == 200)

            let sticker = try await upload(fake, webp, type: "image/webp")
            let stickerID = try #require(sticker.id)
            let refused = try await post(fake, imageMessage(stickerID))
            #expect(refused.status == 400 && refused.code == 131053)
            #expect(try await post(fake, imageMessage(stickerID, type: "sticker")).status == 200)

            #expect(try await upload(fake, try GeneratedImage.make("32x24", "gif"), type: "image/gif").status == 400)
            // A file must be what its type says.
            #expect(try await upload(fake, webp, type: "image/jpeg").status == 400)
            #expect(await fake.sent().map(\.type) == ["image", "sticker"])
            #expect(await fake.uploads().map(\.type) == ["image/jpeg", "image/webp"])
        }
    }
}
