import Foundation
import TagarelaChannels
import TagarelaCore
import TagarelaServer

/// Text from strangers, built to make a parser quadratic or recurse once per character (1 MB each but one), given to
/// the formatter, the splitter, the Twilio form parser, the Meta JSON parser and the `.env` parser in this process.
enum ParserPhase {
    struct Result {
        let input: String
        /// The slowest of the five on this input, and its time (the best of three runs).
        let slowest: String
        let time: Duration
    }

    static let size = 1_000_000

    static func repeated(_ unit: String) -> String {
        String(repeating: unit, count: size / unit.count)
    }

    static let inputs: [(name: String, text: String)] = [
        // The issue's own example, 10 kB; every other input is 1 MB.
        ("10,000 nested [", String(repeating: "[", count: 10_000)),
        ("1 MB of nested [", repeated("[")),
        ("[[[…](((…", String(repeating: "[", count: size / 2) + "]" + String(repeating: "(", count: size / 2)),
        (
            "links nested 200,000 deep",
            String(repeating: "[", count: size / 5) + "x" + repeated("](a)").prefix(size * 4 / 5)
        ),
        ("1 MB of *", repeated("*")),
        ("1 MB of _", repeated("_")),
        ("1 MB of ~", repeated("~")),
        ("1 MB of backticks", repeated("`")),
        ("``` fences", repeated("```\n")),
        (
            "backtick runs, each length once",
            (1...1400).reversed().map { String(repeating: "`", count: $0) }.joined(separator: " ")
        ),
        ("alternating *a*", repeated("*a*")),
        ("*a* **b** ~~c~~ pairs", repeated("*a* **b** ~~c~~ ")),
        (
            "_a … a* openers and closers",
            String(repeating: "_a ", count: size / 6) + String(repeating: "a* ", count: size / 6)
        ),
        ("1 MB of <", repeated("<")),
        ("1 MB of >", repeated(">")),
        ("www.www.www.", repeated("www.")),
        ("nested JSON after a valid prefix", #"{"object":"whatsapp_business_account","x":"# + repeated("[")),
        ("1 MB of %", repeated("%")),
        ("1 MB of &", repeated("&")),
        ("a=& pairs", repeated("a=&")),
        (".env: one 1 MB line", "A=" + repeated("x")),
        (".env: 1 MB of =", "A" + repeated("=")),
        (".env: unterminated quote", "A=\"" + repeated("x\n")),
        ("words and Portuguese, emoji", repeated("Olá, **você** já viu o 👍🏽 [guia](https://x.com/a_b)? ")),
    ]

    /// Each input through each parser; the slowest per input.
    static func run() -> [Result] {
        inputs.map { name, text in
            let bytes = Array(text.utf8)
            let parsers: [(String, () -> Void)] = [
                ("formatter", { _ = WhatsAppFormatter.format(text) }),
                ("splitter", { _ = MessageSplitter.split(text, limit: 1600) }),
                ("form parser", { _ = try? FormURLEncoded.decode(bytes) }),
                ("Meta parser", { _ = try? MetaWebhookParser.parse(bytes) }),
                (".env parser", { _ = try? DotEnv.parse(text) }),
            ]
            let timed = parsers.map { parser, work in
                (parser, (0..<3).map { _ in ContinuousClock().measure(work) }.min() ?? .zero)
            }
            let slowest = timed.max { $0.1 < $1.1 } ?? ("", .zero)
            return Result(input: name, slowest: slowest.0, time: slowest.1)
        }
    }
}
