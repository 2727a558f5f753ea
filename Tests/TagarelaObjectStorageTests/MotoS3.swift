import AsyncHTTPClient
import Crypto
import Foundation
import NIOCore
import TagarelaObjectStorage
import Testing

/// The two moto servers of `scripts/moto-for-tests` (`scripts/test` starts them): `TAGARELA_TEST_S3_URL` checks
/// signatures and knows the IAM key in `TAGARELA_TEST_S3_ACCESS_KEY_ID`/`_SECRET_ACCESS_KEY`;
/// `TAGARELA_TEST_S3_PRESIGN_URL` checks nothing and serves presigned URLs. Unset, the moto tests are skipped,
/// except under `CI=true`, where they fail: a green CI run must have talked to a real S3.
enum MotoS3 {
    static let variable = "TAGARELA_TEST_S3_URL"
    /// Why the moto tests did not run.
    static let skipped = """
        TAGARELA_TEST_S3_URL is not set: the S3 tests against moto are skipped \
        (eval "$(scripts/moto-for-tests start)" to run them)
        """

    static var environment: [String: String] { ProcessInfo.processInfo.environment }
    static var isCI: Bool { environment["CI"] == "true" }
    static var isEnabled: Bool { value(variable) != nil || isCI }

    static func value(_ name: String) -> String? {
        environment[name].flatMap { $0.isEmpty ? nil : $0 }
    }

    static func required(_ name: String) throws -> String {
        guard let value = value(name) else {
            throw MotoUnavailable(
                "\(isCI ? "CI=true but " : "")\(name) is not set: start moto with eval \"$(scripts/moto-for-tests start)\""
            )
        }
        return value
    }

    struct MotoUnavailable: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    /// A bucket name no other test uses.
    static func uniqueBucket() -> String {
        "t-" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(24)
    }

    /// Settings for a new bucket on the server that checks signatures, with the IAM key (or `secret` instead of
    /// its secret).
    static func checkedSettings(bucket: String = uniqueBucket(), prefix: String = "", secret: String? = nil) throws
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
    static func checkedClient(prefix: String = "") async throws -> S3Client {
        let client = S3Client(settings: try checkedSettings(prefix: prefix), httpClient: HTTPClient.shared)
        try await client.createBucket()
        return client
    }

    /// A client on a bucket of its own, created, on the server that serves presigned URLs (and checks nothing, so
    /// any key does).
    static func presignClient() async throws -> S3Client {
        let settings = S3Settings(
            endpoint: URL(string: try required("TAGARELA_TEST_S3_PRESIGN_URL")), bucket: uniqueBucket(),
            credentials: S3Credentials(accessKeyID: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "not-checked-here"))
        let client = S3Client(settings: settings, httpClient: HTTPClient.shared)
        try await client.createBucket()
        return client
    }
}

/// Reproducible bytes that are not a pattern S3 or a buffer could compress or confuse: xorshift64 from a seed, eight
/// bytes a step (a debug build makes a byte at a time slow enough to hold up the other tests).
func pseudoRandomBytes(count: Int, seed: UInt64) -> [UInt8] {
    var state = seed | 1
    var words = [UInt64](repeating: 0, count: (count + 7) / 8)
    for index in words.indices {
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        words[index] = state
    }
    return words.withUnsafeBytes { Array($0.prefix(count)) }
}

/// The SHA-256 of `bytes`: comparing two digests is how the tests compare megabytes.
func digest(_ bytes: some DataProtocol) -> SHA256.Digest {
    SHA256.hash(data: bytes)
}

/// Bytes handed out in chunks, as a streamed upload reads them.
struct ChunkedBytes: AsyncSequence, Sendable {
    typealias Element = ByteBuffer
    let bytes: [UInt8]
    let chunkSize: Int

    struct AsyncIterator: AsyncIteratorProtocol {
        let bytes: [UInt8]
        let chunkSize: Int
        var offset = 0

        mutating func next() async -> ByteBuffer? {
            guard offset < bytes.count else { return nil }
            let end = Swift.min(offset + chunkSize, bytes.count)
            defer { offset = end }
            return ByteBuffer(bytes: bytes[offset..<end])
        }
    }

    func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(bytes: bytes, chunkSize: chunkSize)
    }
}
