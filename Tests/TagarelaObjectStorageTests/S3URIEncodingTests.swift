import Foundation
import Testing

@testable import TagarelaObjectStorage

/// Encoding as S3 signs it, beyond the vectors: every byte that is not unreserved, once.
@Suite(.timeLimit(.minutes(2)))
struct S3URIEncodingTests {
    @Test func pathsKeepSlashesAndEncodeEverythingElse() {
        #expect(S3URIEncoding.path("media/Olá mundo+1~(2).jpg") == "media/Ol%C3%A1%20mundo%2B1~%282%29.jpg")
        #expect(S3URIEncoding.path("a//b/./../c") == "a//b/./../c")
        #expect(S3URIEncoding.path("100%!*'") == "100%25%21%2A%27")
        #expect(S3URIEncoding.path("😀") == "%F0%9F%98%80")
    }

    @Test func queryComponentsEncodeSlashes() {
        #expect(S3URIEncoding.component("voice/") == "voice%2F")
        #expect(S3URIEncoding.component("a b+c=d&e") == "a%20b%2Bc%3Dd%26e")
        #expect(S3URIEncoding.component("A-Z_a.z~0") == "A-Z_a.z~0")
    }

    /// Every printable ASCII character: the unreserved set untouched, the rest as uppercase `%XX`.
    @Test func everyASCIICharacter() {
        for scalar in (32...126).compactMap(Unicode.Scalar.init) {
            let text = String(Character(scalar))
            let unreserved = CharacterSet(
                charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~")
            let expected = unreserved.contains(scalar) ? text : String(format: "%%%02X", scalar.value)
            #expect(S3URIEncoding.component(text) == expected)
        }
    }

    @Test func headerValuesAreTrimmedAndCollapsed() {
        #expect(SigV4Signer.trimmed("  text/plain;   charset=utf-8 ") == "text/plain; charset=utf-8")
        #expect(SigV4Signer.trimmed("a\t\tb") == "a b")
    }

    @Test func timestampsAreUTC() {
        let time = SigV4Timestamp(Date(timeIntervalSince1970: 1_796_126_400.9))
        #expect(time.amzDate == "20261201T120000Z")
        #expect(time.date == "20261201")
        #expect(SigV4Timestamp(Date(timeIntervalSince1970: 0)).amzDate == "19700101T000000Z")
    }
}
