import AsyncHTTPClient
import Crypto
import Foundation
import NIOCore
import TagarelaFakes
import Testing

@testable import TagarelaObjectStorage

/// The client against a real S3 (moto) that checks every header signature: each test has a bucket of its own.
@Suite(
    "S3 client against moto, signatures checked",
    .enabled(if: MotoS3.isEnabled, Comment(rawValue: MotoS3.skipped)), .timeLimit(.minutes(2)))
struct S3ClientMotoTests {
    static let fiveMegabytes = 5 << 20

    @Test func fiveMegabytesGoInAndComeBackByteForByte() async throws {
        let client = try await MotoS3.checkedClient()
        let bytes = pseudoRandomBytes(count: Self.fiveMegabytes, seed: 14)

        let etag = try await client.put(
            key: "photos/big.jpg", body: ByteBuffer(bytes: bytes), contentType: "image/jpeg")
        #expect(etag?.hasPrefix("\"") == true)

        let object = try await client.get(key: "photos/big.jpg")
        #expect(object.info == S3ObjectInfo(contentLength: bytes.count, contentType: "image/jpeg", etag: etag))
        let read = try await object.bytes(upTo: Self.fiveMegabytes)
        #expect(read.readableBytes == bytes.count)
        #expect(digest(read.readableBytesView) == digest(bytes))
        await #expect(throws: S3Error.tooLarge(limit: Self.fiveMegabytes - 1)) {
            try await client.get(key: "photos/big.jpg").bytes(upTo: Self.fiveMegabytes - 1)
        }
        try await client.delete(key: "photos/big.jpg")
    }

    @Test func aStreamedUploadIsReadBackAsAStream() async throws {
        let client = try await MotoS3.checkedClient()
        let bytes = pseudoRandomBytes(count: Self.fiveMegabytes + 12345, seed: 41)

        try await client.put(
            key: "documents/big.pdf", stream: ChunkedBytes(bytes: bytes, chunkSize: 64 << 10), length: bytes.count,
            contentType: "application/pdf")

        let object = try await client.get(key: "documents/big.pdf")
        #expect(object.info.contentLength == bytes.count)
        // Hashed as it arrives: the object is never held whole.
        var hasher = SHA256()
        var received = 0
        for try await chunk in object.body {
            chunk.withUnsafeReadableBytes { hasher.update(bufferPointer: $0) }
            received += chunk.readableBytes
        }
        #expect(received == bytes.count)
        #expect(hasher.finalize() == digest(bytes))
        try await client.delete(key: "documents/big.pdf")
    }

    @Test func headDescribesWithoutTheBody() async throws {
        let client = try await MotoS3.checkedClient()
        try await client.put(key: "note.txt", body: ByteBuffer(string: "Olá!"), contentType: "text/plain")

        let info = try await client.head(key: "note.txt")
        #expect(info.contentLength == 5)
        #expect(info.contentType == "text/plain")
        await #expect(throws: S3Error.notFound(key: "nothing.txt")) { try await client.head(key: "nothing.txt") }
    }

    @Test func aMissingKeyIsNotFound() async throws {
        let client = try await MotoS3.checkedClient(prefix: "media")
        // Not found names the key as stored, under the prefix.
        await #expect(throws: S3Error.notFound(key: "media/missing.jpg")) {
            try await client.get(key: "missing.jpg")
        }
    }

    @Test func deletingTwiceIsFine() async throws {
        let client = try await MotoS3.checkedClient()
        try await client.put(key: "gone.jpg", body: ByteBuffer(string: "x"), contentType: "image/jpeg")

        try await client.delete(key: "gone.jpg")
        try await client.delete(key: "gone.jpg")
        try await client.delete(key: "never-was.jpg")
        await #expect(throws: S3Error.notFound(key: "gone.jpg")) { try await client.get(key: "gone.jpg") }
    }

    /// Only spaces and `~` here: moto's signature check rebuilds the path from its decoded form, so it refuses
    /// botocore's own signature for a key with an accent, `+`, `(` or `!` (checked with boto3). Those keys round-trip
    /// on the other server, in `S3PresignMotoTests`; the vectors pin their encoding to botocore's.
    @Test(arguments: ["a b/c  d.jpg", "x~y/z~.jpg"])
    func keysWithSpacesRoundTrip(key: String) async throws {
        let client = try await MotoS3.checkedClient(prefix: "contatos/5511")
        try await expectRoundTrip(key: key, prefix: "contatos/5511/", on: client)
    }

    @Test func aWrongSecretIsRefused() async throws {
        let owner = try await MotoS3.checkedClient()
        try await owner.put(key: "private.jpg", body: ByteBuffer(string: "x"), contentType: "image/jpeg")
        let secret = try MotoS3.required("TAGARELA_TEST_S3_SECRET_ACCESS_KEY")
        let impostor = S3Client(
            settings: try MotoS3.checkedSettings(bucket: owner.settings.bucket, secret: secret + "x"),
            httpClient: HTTPClient.shared)

        for attempt in [
            { try await impostor.put(key: "x.jpg", body: ByteBuffer(string: "x"), contentType: "image/jpeg") },
            { _ = try await impostor.get(key: "private.jpg") }, { try await impostor.delete(key: "private.jpg") },
        ] as [@Sendable () async throws -> Void] {
            let error = await #expect(throws: S3Error.self) { try await attempt() }
            guard case .signatureDoesNotMatch? = error else {
                Issue.record("expected SignatureDoesNotMatch, got \(String(describing: error))")
                continue
            }
            #expect(!"\(error!)".contains(secret))
        }
        // Still there: the refused delete did nothing.
        #expect(try await owner.head(key: "private.jpg").contentLength == 1)
    }

    @Test func anUnknownAccessKeyIsRefused() async throws {
        var settings = try MotoS3.checkedSettings()
        settings.credentials.accessKeyID = "AKIAIOSFODNN7EXAMPLE"
        let stranger = S3Client(settings: settings, httpClient: HTTPClient.shared)

        let error = await #expect(throws: S3Error.self) { try await stranger.createBucket() }
        guard case .accessDenied(let code, _)? = error else {
            Issue.record("expected access denied, got \(String(describing: error))")
            return
        }
        #expect(code == "InvalidAccessKeyId")
    }

    @Test func creatingTheBucketAgainIsFine() async throws {
        let client = try await MotoS3.checkedClient()
        try await client.createBucket()
    }

    @Test func aMissingBucketIsNotAMissingKey() async throws {
        let client = S3Client(settings: try MotoS3.checkedSettings(), httpClient: HTTPClient.shared)
        let error = await #expect(throws: S3Error.self) { try await client.get(key: "a.jpg") }
        #expect(error == .http(status: 404, code: "NoSuchBucket", message: "The specified bucket does not exist"))
    }
}

/// Put, get, head and delete of `key` give back what was put, and then nothing.
func expectRoundTrip(key: String, prefix: String, on client: S3Client) async throws {
    let body = ByteBuffer(string: "conteúdo de \(key)")

    try await client.put(key: key, body: body, contentType: "text/plain; charset=utf-8")

    #expect(try await client.get(key: key).bytes(upTo: 1 << 20) == body)
    #expect(try await client.head(key: key).contentLength == body.readableBytes)
    try await client.delete(key: key)
    await #expect(throws: S3Error.notFound(key: prefix + key)) { try await client.head(key: key) }
}
