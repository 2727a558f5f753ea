import Crypto
import Foundation
import TagarelaChannels

/// A secret (the admin token, Meta's verify token, a CSRF token, the dashboard password) kept as its SHA-256
/// digest, and a guess compared digest to digest in constant time. Hashing both sides first means the comparison
/// always looks at 32 bytes: how long it takes says neither how long the secret is nor where a guess first
/// differs, which `==` (early exit) and even a byte-wise constant-time compare of unequal lengths would.
/// (OWASP, "Compare hashes in constant time": https://cheatsheetseries.owasp.org/cheatsheets/Password_Storage_Cheat_Sheet.html)
struct SecretDigest: Sendable {
    private let digest: [UInt8]

    init(_ secret: some StringProtocol) {
        digest = Array(SHA256.hash(data: Data(secret.utf8)))
    }

    /// Whether `candidate` has exactly the secret's UTF-8 bytes (not merely canonically equal text).
    func matches(_ candidate: some StringProtocol) -> Bool {
        ConstantTime.equals(SecretDigest(candidate).digest, digest)
    }

    /// Whether two secrets known only at the time of the comparison are equal, compared as digests.
    static func equal(_ given: some StringProtocol, _ expected: some StringProtocol) -> Bool {
        SecretDigest(expected).matches(given)
    }
}
