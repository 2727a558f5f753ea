import Testing

@testable import TagarelaServer

@Suite("Secrets compared as digests", .timeLimit(.minutes(3)))
struct SecretDigestTests {
    @Test func secretsAreComparedAsDigests() {
        let secret = SecretDigest("admin-token-0123456789")
        #expect(secret.matches("admin-token-0123456789"))
        #expect(!secret.matches("admin-token-012345678"))
        #expect(!secret.matches("admin-token-01234567890"))
        #expect(!secret.matches(""))
        #expect(SecretDigest.equal("abc", "abc") && !SecretDigest.equal("abc", "abd"))
        // Bytes, not canonical equivalence: "é" precomposed is not "e" + combining accent.
        #expect(!SecretDigest.equal("\u{E9}", "e\u{301}"))
    }
}
