/// What Signature Version 4 covers of one request: enough to sign it, nothing to send it.
public struct SigV4Request: Sendable {
    /// A header or query parameter, in the order given.
    public typealias Field = (name: String, value: String)

    public var method: String
    /// The `Host` header as sent: the port is part of it when it is not the scheme's default (`127.0.0.1:9000`).
    public var host: String
    /// The path exactly as sent, already URI-encoded (`S3URIEncoding.path`); empty means `/`.
    public var encodedPath: String
    /// Query parameters, decoded: the signer encodes and sorts them.
    public var query: [Field] = []
    /// Headers to sign and send besides `Host`, `X-Amz-Date` and `X-Amz-Content-SHA256`, which the signer adds. Every
    /// `x-amz-*` header sent must be here; hop-by-hop headers and `Content-Length` must not.
    public var headers: [Field] = []
    /// Lowercase hex SHA-256 of the body, or `UNSIGNED-PAYLOAD` for a body streamed without hashing it first.
    public var payloadHash: String = SigV4Request.emptyPayloadHash

    /// SHA-256 of no bytes: the payload hash of GET, HEAD and DELETE.
    public static let emptyPayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    /// The payload hash of a body that is not hashed: presigned URLs and streamed uploads.
    public static let unsignedPayload = "UNSIGNED-PAYLOAD"
}

/// A header-signed request: the headers to add, and the steps that led to them (which a test compares first,
/// because the first step that differs says what is wrong).
public struct SigV4Signature: Sendable {
    public var canonicalRequest: String
    public var stringToSign: String
    /// Lowercase hex.
    public var signature: String
    /// The `Authorization` header's value.
    public var authorization: String
    /// What to send besides the request's own headers: `X-Amz-Date`, `X-Amz-Content-SHA256` and `Authorization`.
    public var headers: [SigV4Request.Field]
}

/// A query-signed (presigned) request: the query string to put after the path, and the steps that led to it.
public struct SigV4Presignature: Sendable {
    public var canonicalRequest: String
    public var stringToSign: String
    public var signature: String
    /// The encoded query, `X-Amz-Signature` last: `?` and this after the encoded path make the URL.
    public var query: String
}
