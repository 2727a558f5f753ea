import PropertyBased
import TagarelaChannels
import Testing

@Suite("FormURLEncoded properties", .timeLimit(.minutes(3)))
struct FormURLEncodedPropertyTests {
    static let characters = Gen.element(of: [
        "a", "Z", "0", " ", "+", "%", "&", "=", "%2", "%zz", "%41", "~", ".", "ç", "ã", "👍🏽", "\n", "\u{0}", ";", "?",
    ])
    static let text = characters.array(of: 0...20).map { $0.compactMap { $0 }.joined() }
    static let pairs = zip(text, text).array(of: 0...12)
    static let body = zip(characters.array(of: 0...200), Gen.element(of: ["%", "&", "=", "+"]), Gen.int(in: 0...5000))
        .map { characters, unit, count in
            characters.compactMap { $0 }.joined() + String(repeating: unit ?? "", count: count)
        }

    static func generator() -> Xoshiro { Xoshiro(seed: (0x666f_726d, 0x7477_696c, 0x696f_0001, 0x7461_6761)) }

    @Test("what the encoder wrote decodes to the same pairs, in order")
    func roundTrip() throws {
        var rng = Self.generator()
        for _ in 0..<1000 {
            let pairs = Self.pairs.run(using: &rng).map { (name: $0.0, value: $0.1) }
            let decoded = try FormURLEncoded.decode(FormURLEncoded.encode(pairs))
            #expect(decoded == FormParameters(pairs))
        }
    }

    @Test("any body decodes or is refused with a decoding error; the lenient reader never refuses")
    func anyBody() {
        var rng = Self.generator()
        for _ in 0..<1000 {
            let body = Self.body.run(using: &rng)
            do {
                let strict = try FormURLEncoded.decode(body)
                #expect(FormURLEncoded.decodeLeniently(body) == strict)
            } catch {
                #expect(error is FormURLEncoded.DecodingError)
            }
        }
    }

    @Test("a megabyte of % or & is refused or empty")
    func adversarial() throws {
        let percent = String(repeating: "%", count: 1_000_000)
        #expect(throws: FormURLEncoded.DecodingError.malformedEscape(offset: 0)) { try FormURLEncoded.decode(percent) }
        #expect(FormURLEncoded.decodeLeniently(percent) == [(percent, "")])
        #expect(try FormURLEncoded.decode(String(repeating: "&", count: 1_000_000)).isEmpty)
        #expect(try FormURLEncoded.decode(String(repeating: "a=&", count: 333_333)).count == 333_333)
    }
}
