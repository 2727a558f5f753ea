import Crypto
import Foundation

/// Checks Meta's `X-Hub-Signature-256` header: `sha256=` and the hex HMAC-SHA256 of the raw body, keyed with
/// the App Secret (Meta's webhook docs, "Validate payloads").
///
/// The body must be the exact bytes received: Meta escapes non-ASCII as `\uXXXX`, so re-serialising the JSON
/// (or decoding and re-encoding the text) gives a different signature.
public struct MetaSignatureValidator: Sendable {
    public static let signatureHeader = "X-Hub-Signature-256"

    private let key: SymmetricKey

    public init(appSecret: String) {
        self.key = SymmetricKey(data: Array(appSecret.utf8))
    }

    /// Whether `signature` (the header's value, nil when absent) signs `body`.
    public func isValid(body: some Sequence<UInt8>, signature: String?) -> Bool {
        guard let signature else { return false }
        let trimmed = signature.trimmingCharacters(in: .whitespaces)
        // The prefix is Meta's algorithm tag; accept any case for it and for the hex, which carry no secret.
        guard trimmed.utf8.count == 7 + 64, trimmed.lowercased().hasPrefix("sha256=") else { return false }
        let given = Array(trimmed.utf8.dropFirst(7)).map(Self.lowercased)
        guard given.allSatisfy(Self.isHexDigit) else { return false }
        return ConstantTime.equals(Array(Self.hexDigest(body: body, key: key).utf8), given)
    }

    /// The header value Meta would send for `body`; fakes and tests sign webhooks with it.
    public static func signature(body: some Sequence<UInt8>, appSecret: String) -> String {
        "sha256=" + hexDigest(body: body, key: SymmetricKey(data: Array(appSecret.utf8)))
    }

    private static func hexDigest(body: some Sequence<UInt8>, key: SymmetricKey) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Array(body), using: key)
        let digits = Array("0123456789abcdef".utf8)
        return String(decoding: mac.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 0x0F)]] }, as: UTF8.self)
    }

    private static func lowercased(_ byte: UInt8) -> UInt8 {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte + 32 : byte
    }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
    }
}
