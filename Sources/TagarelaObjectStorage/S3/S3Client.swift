import AsyncHTTPClient
import Crypto
import Foundation
import Logging
import NIOCore
import NIOHTTP1

/// Objects in one bucket of an S3-compatible service, under the settings' prefix: put, get (streamed), head,
/// delete and presigned GET URLs, signed with SigV4. Keys given to it are relative to the prefix.
public struct S3Client: Sendable {
    public let settings: S3Settings
    let httpClient: HTTPClient
    /// Until the answer's head arrives (an upload included); a streamed body is then read at the reader's pace.
    let timeout: Duration
    /// The signing time: a fixed clock makes every signature reproducible in tests.
    let now: @Sendable () -> Date
    let logger: Logger
    let signer: SigV4Signer

    public init(
        settings: S3Settings, httpClient: HTTPClient, timeout: Duration = .seconds(30),
        now: @escaping @Sendable () -> Date = { Date() }, logger: Logger = Logger(label: "tagarela.s3")
    ) {
        self.settings = settings
        self.httpClient = httpClient
        self.timeout = timeout
        self.now = now
        self.logger = logger
        self.signer = SigV4Signer(credentials: settings.credentials, region: settings.region)
    }

    /// Stores `body` at `key`, replacing what was there; the body is hashed into the signature. Returns the ETag.
    @discardableResult
    public func put(key: String, body: ByteBuffer, contentType: String) async throws(S3Error) -> String? {
        let hash = body.withUnsafeReadableBytes { hex(SHA256.hash(data: $0)) }
        let response = try await send(
            .PUT, objectKey: settings.objectKey(key), headers: [("Content-Type", contentType)],
            body: .bytes(body), payloadHash: hash)
        return response.headers.first(name: "etag")
    }

    /// Stores `length` bytes that arrive from `stream` at `key`, without holding them: the payload is signed as
    /// `UNSIGNED-PAYLOAD`. `length` must be exact (it is the `Content-Length`). Returns the ETag.
    @discardableResult
    public func put<Bytes: AsyncSequence & Sendable>(
        key: String, stream: Bytes, length: Int, contentType: String
    ) async throws(S3Error) -> String? where Bytes.Element == ByteBuffer {
        let response = try await send(
            .PUT, objectKey: settings.objectKey(key), headers: [("Content-Type", contentType)],
            body: .stream(stream, length: .known(Int64(length))), payloadHash: SigV4Request.unsignedPayload)
        return response.headers.first(name: "etag")
    }

    /// The object at `key`, its body still streaming. `S3Error.notFound` when there is none.
    public func get(key: String) async throws(S3Error) -> S3Object {
        let response = try await send(.GET, objectKey: settings.objectKey(key))
        return S3Object(info: S3ObjectInfo(headers: response.headers), body: response.body)
    }

    /// What S3 knows of the object at `key`. `S3Error.notFound` when there is none.
    public func head(key: String) async throws(S3Error) -> S3ObjectInfo {
        let response = try await send(.HEAD, objectKey: settings.objectKey(key))
        return S3ObjectInfo(headers: response.headers)
    }

    /// Removes the object at `key`. Removing what is not there succeeds, as S3 itself answers 204 then.
    public func delete(key: String) async throws(S3Error) {
        do throws(S3Error) {
            _ = try await send(.DELETE, objectKey: settings.objectKey(key))
        } catch .notFound {
            // Some S3-compatible services answer 404 NoSuchKey where AWS answers 204: the outcome is the same.
        }
    }
}
