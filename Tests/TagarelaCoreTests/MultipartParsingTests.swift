import Foundation
import TagarelaCore
import Testing

/// Reading `multipart/form-data` (RFC 7578): what this type writes, what a browser sends, and nothing malformed.
@Suite("Multipart form data: reading")
struct MultipartParsingTests {
    @Test func readsBackWhatItWrites() throws {
        var form = MultipartFormData()
        form.addField("caption", "Bolo de cenoura; com calda")
        let bytes = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x0D, 0x0A, 0x2D, 0x2D])
        form.addFile("file", filename: "bolo.png", contentType: "image/png", bytes: bytes)
        let body = form.encoded()
        let boundary = try #require(MultipartFormData.boundary(ofContentType: form.contentType))
        let parts = try #require(MultipartFormData.parse(body, boundary: boundary))
        #expect(parts.map(\.name) == ["caption", "file"])
        #expect(
            String(decoding: parts[0].body, as: UTF8.self) == "Bolo de cenoura; com calda" && parts[0].filename == nil)
        #expect(parts[1].filename == "bolo.png" && parts[1].contentType == "image/png" && parts[1].body == bytes)
    }

    @Test func readsABrowsersUpload() throws {
        let body = Data(
            """
            ------WebKitFormBoundaryx7\r
            Content-Disposition: form-data; name="csrf"\r
            \r
            abc\r
            ------WebKitFormBoundaryx7\r
            Content-Disposition: form-data; name="file"; filename="a;b.jpg"\r
            Content-Type: image/jpeg\r
            \r
            JPEG\r
            ------WebKitFormBoundaryx7--\r

            """.utf8)
        let boundary = try #require(
            MultipartFormData.boundary(ofContentType: "multipart/form-data; boundary=----WebKitFormBoundaryx7"))
        let parts = try #require(MultipartFormData.parse(body, boundary: boundary))
        #expect(parts.map(\.name) == ["csrf", "file"])
        #expect(parts[1].filename == "a;b.jpg" && parts[1].body == Data("JPEG".utf8))
        #expect(MultipartFormData.boundary(ofContentType: "multipart/form-data; boundary=\"q\"") == "q")
        #expect(MultipartFormData.boundary(ofContentType: "application/json") == nil)
    }

    @Test(arguments: [
        "--b\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\nno closing boundary",
        "--b\r\nContent-Type: text/plain\r\n\r\nno name\r\n--b--",
        "preamble\r\n--b\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\nv\r\n--b--",
        "--b\r\nContent-Disposition: attachment; name=\"x\"\r\n\r\nv\r\n--b--",
    ])
    func refusesMalformedBodies(_ body: String) {
        #expect(MultipartFormData.parse(Data(body.utf8), boundary: "b") == nil)
    }
}
