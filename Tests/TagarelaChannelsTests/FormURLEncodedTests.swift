import Testing

@testable import TagarelaChannels

/// Decoding and encoding of `application/x-www-form-urlencoded` bodies.
@Suite(.timeLimit(.minutes(3))) struct FormURLEncodedTests {
    @Test func decodesPlusPercentAndUTF8() throws {
        let form = try FormURLEncoded.decode("Body=Ol%C3%A1+mundo&From=whatsapp%3A%2B5511987654321&Emoji=%F0%9F%8E%89")
        #expect(form["Body"] == "Olá mundo")
        #expect(form["From"] == "whatsapp:+5511987654321")
        #expect(form["Emoji"] == "🎉")
        #expect(form.names == ["Body", "From", "Emoji"])
    }

    @Test func emptyBodyAndBlankFields() throws {
        #expect(try FormURLEncoded.decode("").isEmpty)
        let form = try FormURLEncoded.decode("a=&b&&c=1=2&")
        #expect(
            form.pairs == [.init(name: "a", value: ""), .init(name: "b", value: ""), .init(name: "c", value: "1=2")])
        #expect(form["missing"] == nil)
        #expect(form.nonEmpty("a") == nil)
    }

    @Test func repeatedNamesKeepOrder() throws {
        let form = try FormURLEncoded.decode("MediaUrl=x&Other=1&MediaUrl=y")
        #expect(form["MediaUrl"] == "x")
        #expect(form.values("MediaUrl") == ["x", "y"])
        #expect(form.count == 3)
    }

    @Test(arguments: ["a=%G1", "a=%", "a=%4", "a%=1", "Body=Ol%C3", "Body=%FF%FE", "x=%C3%28"])
    func malformedInputThrows(body: String) {
        #expect(throws: FormURLEncoded.DecodingError.self) { try FormURLEncoded.decode(body) }
    }

    @Test func errorsSayWhere() {
        #expect(throws: FormURLEncoded.DecodingError.malformedEscape(offset: 6)) {
            try FormURLEncoded.decode("ok=1&a%ZZ=2")
        }
        #expect(throws: FormURLEncoded.DecodingError.invalidUTF8(offset: 7)) { try FormURLEncoded.decode("ok=1&b=%FF") }
        #expect("\(FormURLEncoded.DecodingError.malformedEscape(offset: 3))".contains("byte 3"))
    }

    @Test func decodesRawBytes() throws {
        let form = try FormURLEncoded.decode(Array("Body=Ol%C3%A1".utf8) as [UInt8])
        #expect(form["Body"] == "Olá")
        // Unescaped UTF-8 is tolerated as long as it is valid.
        #expect(try FormURLEncoded.decode("Body=Olá")["Body"] == "Olá")
        #expect(throws: FormURLEncoded.DecodingError.self) { try FormURLEncoded.decode([0x61, 0x3D, 0xC3] as [UInt8]) }
    }

    @Test func lenientDecodingKeepsBadEscapes() {
        let query = FormURLEncoded.decodeLeniently("a=%G1&b=100%&c=%FF&d=x+y")
        #expect(query["a"] == "%G1")
        #expect(query["b"] == "100%")
        #expect(query["c"] == "\u{FFFD}")
        #expect(query["d"] == "x y")
    }

    @Test func encodesEverythingButUnreserved() {
        let encoded = FormURLEncoded.encode([
            ("To", "whatsapp:+5511987654321"), ("Body", "Olá, tudo bem? 100% & mais ~._-"),
            ("ContentVariables", #"{"1":"Ana"}"#),
        ])
        #expect(
            encoded
                == "To=whatsapp%3A%2B5511987654321&Body=Ol%C3%A1%2C%20tudo%20bem%3F%20100%25%20%26%20mais%20~._-"
                + "&ContentVariables=%7B%221%22%3A%22Ana%22%7D")
    }

    @Test func encodeThenDecodeRoundTrips() throws {
        let original: FormParameters = [
            ("Body", "Olá 🎉 + = & % ç"), ("MediaUrl", "https://e.com/a?b=c"), ("MediaUrl", ""), ("", "x"),
        ]
        #expect(try FormURLEncoded.decode(FormURLEncoded.encode(original)) == original)
    }
}
