import Foundation
import TagarelaFakes
import Testing

/// One case of `Tests/Fixtures/s3/sigv4-vectors.json` (written by `scripts/make-sigv4-vectors` with botocore).
struct SigV4Vector: Decodable, Sendable, CustomTestStringConvertible {
    var name: String
    var method: String
    var region: String
    var addressing: String
    var endpoint: String?
    var bucket: String
    var key: String
    /// Header-signed vectors.
    var url: String?
    var bodyUtf8: String?
    var requestHeadersSent: [String: String]?
    var authorization: String?
    /// Presigned vectors.
    var urlUnsigned: String?
    var expires: Int?
    var presignedUrl: String?
    var payloadHash: String
    var canonicalRequest: String
    var stringToSign: String
    var signature: String

    var testDescription: String { name }

    /// The whole file.
    struct Document: Decodable, Sendable {
        var credentials: Credentials
        var timestamp: String
        var signingKeys: [SigningKey]
        var vectors: [SigV4Vector]

        struct Credentials: Decodable, Sendable {
            var accessKeyId: String
            var secretAccessKey: String
        }

        struct SigningKey: Decodable, Sendable {
            var date: String
            var region: String
            var keyHex: String
        }
    }

    static let document: Document? = {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try? decoder.decode(Document.self, from: Fixtures.data("s3/sigv4-vectors.json"))
    }()

    static var headerSigned: [SigV4Vector] { document?.vectors.filter { $0.authorization != nil } ?? [] }
    static var presigned: [SigV4Vector] { document?.vectors.filter { $0.presignedUrl != nil } ?? [] }

    /// The vectors' frozen time, 2026-12-01T12:00:00Z.
    static let signingTime = Date(timeIntervalSince1970: 1_796_126_400)
}
