import AsyncHTTPClient
import NIOCore
import NIOHTTP1

/// What S3 says about a stored object (HEAD, or the head of a GET).
public struct S3ObjectInfo: Sendable, Equatable {
    public var contentLength: Int?
    public var contentType: String?
    /// Quoted, as S3 sends it (`"9dd4e461…"`).
    public var etag: String?
}

extension S3ObjectInfo {
    init(headers: HTTPHeaders) {
        self.init(
            contentLength: headers.first(name: "content-length").flatMap { Int($0) },
            contentType: headers.first(name: "content-type"), etag: headers.first(name: "etag"))
    }
}

/// An object being read: its description, and its bytes as they arrive, so that a large object is never held
/// whole unless the reader wants it so. The body must be read (or dropped) promptly: it holds a connection.
public struct S3Object: Sendable {
    public var info: S3ObjectInfo
    /// The bytes, in the chunks they arrive in; reading it can throw AsyncHTTPClient's errors.
    public var body: HTTPClientResponse.Body

    /// The whole body, refused (`S3Error.tooLarge`) past `maxBytes`.
    public func bytes(upTo maxBytes: Int) async throws(S3Error) -> ByteBuffer {
        do {
            return try await body.collect(upTo: maxBytes)
        } catch is NIOTooManyBytesError {
            throw .tooLarge(limit: maxBytes)
        } catch {
            throw .transport("reading the object: \(error)")
        }
    }
}
