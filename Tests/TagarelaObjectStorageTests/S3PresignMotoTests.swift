import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import TagarelaFakes
import TagarelaObjectStorage
import Testing

/// Presigned GET URLs followed by a plain HTTP client, as Meta or a model's image fetcher follows them. moto checks no
/// presigned signature (and no expiry): the vectors check those; this checks that the URL reaches the object.
@Suite(
    "S3 presigned URLs against moto",
    .enabled(if: MotoS3.isEnabled, Comment(rawValue: MotoS3.skipped)), .timeLimit(.minutes(2)))
struct S3PresignMotoTests {
    func fetch(_ url: URL) async throws -> (status: Int, body: ByteBuffer) {
        let response = try await HTTPClient.shared.execute(
            HTTPClientRequest(url: url.absoluteString), timeout: .seconds(30))
        return (Int(response.status.code), try await response.body.collect(upTo: 8 << 20))
    }

    @Test(arguments: ["photos/cat.jpg", "fotos/São Paulo/café com leite + açúcar~ 2026!.png"])
    func aPresignedGETFetchesTheObject(key: String) async throws {
        let client = try await MotoS3.presignClient()
        let bytes = pseudoRandomBytes(count: 300_000, seed: 7)
        try await client.put(key: key, body: ByteBuffer(bytes: bytes), contentType: "image/jpeg")

        let url = try client.presignedGET(key: key, expiresIn: .seconds(300))

        #expect(url.query?.contains("X-Amz-Expires=300&X-Amz-SignedHeaders=host&X-Amz-Signature=") == true)
        let (status, body) = try await fetch(url)
        #expect(status == 200)
        #expect(digest(body.readableBytesView) == digest(bytes))
    }

    /// Keys moto's signature check cannot take (see `S3ClientMotoTests`), on the server that checks none.
    @Test(arguments: [
        "fotos/São Paulo/café com leite + açúcar~ 2026!.png", "media/Olá mundo+1~(2).jpg",
        "a  b/ç (cópia) [1] #2 100%.jpg", "emoji 😀/日本語.txt",
    ])
    func keysWithAccentsAndSymbolsRoundTrip(key: String) async throws {
        try await expectRoundTrip(key: key, prefix: "", on: try await MotoS3.presignClient())
    }

    @Test func aPresignedURLForAMissingKeyFindsNothing() async throws {
        let client = try await MotoS3.presignClient()
        let url = try client.presignedGET(key: "nothing.jpg", expiresIn: .seconds(60))
        #expect(try await fetch(url).status == 404)
    }
}
