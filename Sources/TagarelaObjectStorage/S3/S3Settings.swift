import Foundation

/// Where the objects live and the keys that open them: an S3-compatible service (AWS, Scaleway, R2, MinIO, moto).
public struct S3Settings: Sendable, Equatable {
    /// The service's base URL (`https://s3.fr-par.scw.cloud`, `http://127.0.0.1:9000`); nil means AWS itself,
    /// `https://s3.<region>.amazonaws.com`.
    public var endpoint: URL?
    public var bucket: String
    /// The folder every key lives under: empty, or ending in `/` (`images/`).
    public var prefix: String
    /// The bucket's region: part of every signature.
    public var region: String
    /// Whether the bucket is in the path (`host/bucket/key`) rather than the host name (`bucket.host/key`). Local
    /// servers and most S3-compatible services want the path; AWS prefers the host name.
    public var forcePathStyle: Bool
    public var credentials: S3Credentials

    public static let defaultRegion = "us-east-1"

    /// Settings as given, with the prefix made a folder (`images` and `images/` both mean `images/`). A nil
    /// `forcePathStyle` means path style for a custom endpoint and the bucket in the host name for AWS.
    public init(
        endpoint: URL? = nil, bucket: String, prefix: String = "", region: String = S3Settings.defaultRegion,
        forcePathStyle: Bool? = nil, credentials: S3Credentials
    ) {
        self.endpoint = endpoint
        self.bucket = bucket
        self.prefix = Self.folder(prefix)
        self.region = region
        self.forcePathStyle = forcePathStyle ?? (endpoint != nil)
        self.credentials = credentials
    }

    /// The object key of `key` under the prefix.
    public func objectKey(_ key: String) -> String {
        prefix + key
    }

    /// `images` → `images/`; leading slashes dropped, since S3 keys do not start with one.
    static func folder(_ prefix: String) -> String {
        let trimmed = String(prefix.drop(while: { $0 == "/" }))
        return trimmed.isEmpty || trimmed.hasSuffix("/") ? trimmed : trimmed + "/"
    }
}
