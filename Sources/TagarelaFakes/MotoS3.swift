import AsyncHTTPClient
import Foundation
import TagarelaObjectStorage

/// The two moto servers of `scripts/moto-for-tests` (`scripts/test` starts them): `TAGARELA_TEST_S3_URL` checks
/// signatures and knows the IAM key in `TAGARELA_TEST_S3_ACCESS_KEY_ID`/`_SECRET_ACCESS_KEY`;
/// `TAGARELA_TEST_S3_PRESIGN_URL` checks nothing and serves presigned URLs. Unset, the moto tests are skipped,
/// except under `CI=true`, where they fail: a green CI run must have talked to a real S3.
public enum MotoS3 {
    public static let variable = "TAGARELA_TEST_S3_URL"
    /// Why the moto tests did not run.
    public static let skipped = """
        TAGARELA_TEST_S3_URL is not set: the S3 tests against moto are skipped \
        (eval "$(scripts/moto-for-tests start)" to run them)
        """

    public static var environment: [String: String] { ProcessInfo.processInfo.environment }
    public static var isCI: Bool { environment["CI"] == "true" }
    public static var isEnabled: Bool { value(variable) != nil || isCI }

    public static func value(_ name: String) -> String? {
        environment[name].flatMap { $0.isEmpty ? nil : $0 }
    }

    public static func required(_ name: String) throws -> String {
        guard let value = value(name) else {
            throw MotoUnavailable(
                "\(isCI ? "CI=true but " : "")\(name) is not set: start moto with eval \"$(scripts/moto-for-tests start)\""
            )
        }
        return value
    }

    public struct MotoUnavailable: Error, CustomStringConvertible {
        public var description: String
        init(_ description: String) { self.description = description }
    }

    /// A bucket name no other test uses.
    public static func uniqueBucket() -> String {
        "t-" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(24)
    }

    /// Settings for a new bucket on the server that checks signatures, with the IAM key (or `secret` instead of
    /// its secret).
    public static func checkedSettings(bucket: String = uniqueBucket(), prefix: String = "", secret: String? = nil)
        throws
        -> S3Settings
    {
        let endpoint = try required(variable)
        let accessKeyID = try required("TAGARELA_TEST_S3_ACCESS_KEY_ID")
        let realSecret = try required("TAGARELA_TEST_S3_SECRET_ACCESS_KEY")
        return S3Settings(
            endpoint: URL(string: endpoint), bucket: bucket, prefix: prefix,
            credentials: S3Credentials(accessKeyID: accessKeyID, secretAccessKey: secret ?? realSecret))
    }

    /// A client on a bucket of its own, created, on the server that checks signatures.
    public static func checkedClient(prefix: String = "") async throws -> S3Client {
        let client = S3Client(settings: try checkedSettings(prefix: prefix), httpClient: HTTPClient.shared)
        try await client.createBucket()
        return client
    }

    /// A client on a bucket of its own, created, on the server that serves presigned URLs (and checks nothing, so
    /// any key does).
    public static func presignClient() async throws -> S3Client {
        let settings = S3Settings(
            endpoint: URL(string: try required("TAGARELA_TEST_S3_PRESIGN_URL")), bucket: uniqueBucket(),
            credentials: S3Credentials(accessKeyID: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "not-checked-here"))
        let client = S3Client(settings: settings, httpClient: HTTPClient.shared)
        try await client.createBucket()
        return client
    }
}
