import Foundation
import TagarelaChannels
import Testing

@Suite("MetaSignatureValidator", .timeLimit(.minutes(3)))
struct MetaSignatureValidatorTests {
    struct Vector {
        var name: String
        var body: String
        var signature: String
    }

    static func vectors() throws -> (secret: String, vectors: [Vector]) {
        let root = try ReferenceFixtures.object("meta-signature-vectors.json")
        let rows = try #require(root["vectors"] as? [[String: String]])
        return (
            try #require(root["app_secret"] as? String),
            try rows.map {
                Vector(
                    name: try #require($0["name"]), body: try #require($0["body"]),
                    signature: try #require($0["x_hub_signature_256"]))
            }
        )
    }

    @Test("every vector's signature validates its exact body")
    func vectorsValidate() throws {
        let (secret, vectors) = try Self.vectors()
        #expect(vectors.count == 4)
        let validator = MetaSignatureValidator(appSecret: secret)
        for vector in vectors {
            #expect(validator.isValid(body: Array(vector.body.utf8), signature: vector.signature), "\(vector.name)")
            #expect(
                MetaSignatureValidator.signature(body: Array(vector.body.utf8), appSecret: secret) == vector.signature)
        }
    }

    @Test("the same JSON with raw UTF-8 emoji is other bytes: the escaped body's signature does not validate it")
    func reserialisedBodyFails() throws {
        let (secret, vectors) = try Self.vectors()
        let escaped = try #require(vectors.first { $0.name == "reaction" })
        let raw = try #require(vectors.first { $0.name == "reaction_raw_utf8" })
        // Same JSON value, different bytes.
        let decode = { (text: String) in try JSONSerialization.jsonObject(with: Data(text.utf8)) as? NSDictionary }
        #expect(try decode(escaped.body) == decode(raw.body))
        #expect(escaped.signature != raw.signature)
        let validator = MetaSignatureValidator(appSecret: secret)
        #expect(!validator.isValid(body: Array(raw.body.utf8), signature: escaped.signature))
        #expect(!validator.isValid(body: Array(escaped.body.utf8), signature: raw.signature))
    }

    @Test("upper-case hex and an upper-case prefix are accepted")
    func upperCase() throws {
        let (secret, vectors) = try Self.vectors()
        let vector = try #require(vectors.first)
        let validator = MetaSignatureValidator(appSecret: secret)
        #expect(validator.isValid(body: Array(vector.body.utf8), signature: vector.signature.uppercased()))
    }

    @Test("a wrong secret, a changed body, and missing or malformed headers are refused")
    func refusals() throws {
        let (secret, vectors) = try Self.vectors()
        let vector = try #require(vectors.first)
        let body = Array(vector.body.utf8)
        let validator = MetaSignatureValidator(appSecret: secret)
        let hex = String(vector.signature.dropFirst("sha256=".count))
        #expect(!MetaSignatureValidator(appSecret: secret + "x").isValid(body: body, signature: vector.signature))
        #expect(!validator.isValid(body: body + [0x20], signature: vector.signature))
        let malformed = [
            nil, "", "sha256=", hex, "sha1=\(hex)", "sha256:\(hex)", "sha256=\(hex.dropLast())",
            "sha256=\(hex)0", "sha256=\(hex.dropLast())g", "sha256=\(String(repeating: "0", count: 64))",
        ]
        for signature in malformed {
            #expect(!validator.isValid(body: body, signature: signature), "\(signature ?? "nil")")
        }
    }
}
