import PropertyBased
import Testing

@testable import TagarelaServer

@Suite("DotEnv properties", .timeLimit(.minutes(3)))
struct DotEnvPropertyTests {
    static let pieces = Gen.element(of: [
        "A", "KEY", "_x1", "export ", "=", "==", "\"", "'", "#", " #", "\\", "\\n", "\\\"", " ", "\t", "\n", "\r\n",
        "ç",
        "👍🏽", "$", "${A}", "\u{FEFF}",
    ])
    static let files = zip(
        pieces.array(of: 0...80), Gen.element(of: ["=", "\"", "x", "\n", "\\", "#"]), Gen.int(in: 0...3000)
    )
    .map { pieces, unit, count in pieces.compactMap { $0 }.joined() + String(repeating: unit ?? "", count: count) }
    static let keys = zip(
        Gen.element(of: ["A", "b", "_", "PORT", "Z"]),
        Gen.element(of: ["A", "z", "0", "9", "_"]).array(of: 0...12)
    ).map { first, rest in (first ?? "A") + rest.compactMap { $0 }.joined() }
    /// Values that need no quotes: no whitespace at either end, no quote first, no `#`.
    static let plainValues = Gen.element(of: ["a", "Z", "0", "-", ":", "/", "=", "ç", "ã", "👍🏽", "'", "\"", "x y"])
        .array(of: 1...20).map { $0.compactMap { $0 }.joined() }.filter { !$0.hasPrefix("\"") && !$0.hasPrefix("'") }
    static let anyValues = Gen.element(of: ["a", " ", "\"", "\\", "\n", "\t", "#", "$", "'", "=", "ç", "👍🏽", "\r"])
        .array(of: 0...20).map { $0.compactMap { $0 }.joined() }

    static func generator() -> Xoshiro { Xoshiro(seed: (0x646f_7465, 0x6e76_0001, 0x7461_6761, 0x7265_6c61)) }

    @Test("any file parses or is refused with a configuration error naming a line")
    func anyFile() {
        var rng = Self.generator()
        for _ in 0..<1500 {
            let file = Self.files.run(using: &rng)
            do {
                _ = try DotEnv.parse(file)
            } catch {
                #expect(error.description.contains(".env line"), "\(file.debugDescription)")
            }
        }
    }

    @Test("KEY=value lines read back as written; the last of a repeated key wins")
    func plainRoundTrip() throws {
        var rng = Self.generator()
        for _ in 0..<500 {
            let pairs = zip(Self.keys, Self.plainValues).array(of: 0...10).run(using: &rng)
            let file = pairs.map { "\($0.0)=\($0.1)" }.joined(separator: "\n")
            let expected = Dictionary(pairs.map { ($0.0, $0.1) }, uniquingKeysWith: { _, last in last })
            #expect(try DotEnv.parse(file) == expected, "\(file.debugDescription)")
        }
    }

    @Test("any value survives double quotes with its escapes")
    func quotedRoundTrip() throws {
        var rng = Self.generator()
        for _ in 0..<500 {
            let value = Self.anyValues.run(using: &rng)
            // Scalar by scalar: "\r\n" is one Character, which a Character-wise replace would leave unescaped.
            var escaped = ""
            for scalar in value.unicodeScalars {
                switch scalar {
                case "\\": escaped += "\\\\"
                case "\"": escaped += "\\\""
                case "\n": escaped += "\\n"
                case "\r": escaped += "\\r"
                default: escaped.unicodeScalars.append(scalar)
                }
            }
            #expect(try DotEnv.parse("KEY=\"\(escaped)\" # a comment") == ["KEY": value], "\(value.debugDescription)")
        }
    }

    @Test("a megabyte line, a megabyte of = and an unclosed quote over 500,000 lines")
    func adversarial() throws {
        let long = String(repeating: "x", count: 1_000_000)
        #expect(try DotEnv.parse("A=" + long) == ["A": long])
        #expect(
            try DotEnv.parse("A" + String(repeating: "=", count: 1_000_000)) == [
                "A": String(repeating: "=", count: 999_999)
            ])
        #expect(throws: ConfigurationError.self) { try DotEnv.parse("A=\"" + String(repeating: "x\n", count: 500_000)) }
    }
}
