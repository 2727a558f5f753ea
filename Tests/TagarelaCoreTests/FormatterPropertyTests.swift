import PropertyBased
import Testing

@testable import TagarelaCore

/// Random Markdown, drawn from a fixed seed (every run sees the same inputs): markup characters, Portuguese,
/// emoji and long runs of one character mixed together.
enum MarkdownSamples {
    static let atoms = [
        "*", "**", "_", "__", "~", "~~", "`", "``", "```", "[", "]", "(", ")", "![", "](", "<", ">", "\\", "#", "# ",
        "|", "-", "- ", "1. ", "> ", " ", " ", "\t", "\n", "\n\n", "a", "palavra", "você", "ação", "café\u{301}",
        "👍🏽", "👨‍👩‍👧‍👦", "🇧🇷", "http://x.com/a_b", "www.", ":", "@", ".", "!", "[a](b)", "<a@b.c>",
    ]
    static let runs = ["*", "_", "~", "`", "[", "(", ")", "]", "<", ">", "\\", "#", " ", "\n", "é", "👍🏽", "*a", "[a"]

    /// Up to 80 atoms with one run of up to 3,000 copies of a unit inserted somewhere.
    static let markdown = zip(
        Gen.element(of: atoms).array(of: 0...80), Gen.element(of: runs), Gen.int(in: 0...3000), Gen.int(in: 0...80)
    ).map { atoms, unit, count, position in
        var parts = atoms.compactMap { $0 }
        parts.insert(String(repeating: unit ?? "", count: count), at: min(position, parts.count))
        return parts.joined()
    }

    /// The seed of every sample set: change it to explore, never to make a failure go away.
    static func generator() -> Xoshiro { Xoshiro(seed: (0x7461_6761, 0x7265_6c61, 0x666f_726d, 0x6174_7465)) }
}

@Suite("WhatsAppFormatter properties", .timeLimit(.minutes(3)))
struct FormatterPropertyTests {
    @Test("any input formats without crashing, to at most three times its size")
    func bounded() {
        var rng = MarkdownSamples.generator()
        for _ in 0..<1500 {
            let text = MarkdownSamples.markdown.run(using: &rng)
            let formatted = WhatsAppFormatter.format(text)
            #expect(formatted.utf8.count <= 3 * text.utf8.count + 8, "\(text.debugDescription)")
        }
    }

    @Test("formatting the output again changes nothing when it holds no bold and the input no escape or autolink")
    func idempotent() {
        var rng = MarkdownSamples.generator()
        var checked = 0
        for _ in 0..<1500 {
            let text = MarkdownSamples.markdown.run(using: &rng)
            let once = WhatsAppFormatter.format(text)
            // WhatsApp's bold `*x*` is Markdown's italic; `\[` and `<[a](b)@c>` come out as link syntax, unprotected.
            guard !once.contains("*"), !text.contains("\\"), !text.contains("<") else { continue }
            checked += 1
            #expect(WhatsAppFormatter.format(once) == once, "\(text.debugDescription)")
        }
        #expect(checked > 100)
    }

    @Test("plain Portuguese with emoji comes out as written")
    func plainText() {
        let words = Gen.element(of: [
            "Olá", "você", "ação", "amanhã", "às", "15h", "👍🏽", "🎉", "R$", "10,00", "é", "?", "!",
        ])
        let line = zip(words.array(of: 1...30), Gen.element(of: [" ", "  ", " — "]))
            .map { words, separator in words.compactMap { $0 }.joined(separator: separator ?? " ") }
        var rng = MarkdownSamples.generator()
        for _ in 0..<500 {
            let text = line.run(using: &rng)
            #expect(WhatsAppFormatter.format(text) == text)
        }
    }
}
