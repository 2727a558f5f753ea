import Testing

@testable import TagarelaCore

/// Inputs built to make a naive formatter quadratic or recurse once per character; each must come out right.
///
/// Speed is measured by `tagarela-bench --only parsers`, never here. The depths below are far past what a
/// recursive scanner survives (links nested about 2,800 deep, or 10,000 `>`, overflowed a debug build), so
/// these tests pass only while the work is iterative.
@Suite("WhatsAppFormatter adversarial input", .timeLimit(.minutes(3)))
struct WhatsAppFormatterAdversarialTests {
    @Test("a million unclosed [ stay literal")
    func unclosedBrackets() {
        let text = String(repeating: "[", count: 1_000_000)
        #expect(WhatsAppFormatter.format(text) == text)
        let almostLink = String(repeating: "[", count: 10_000) + "]" + String(repeating: "(", count: 10_000)
        #expect(WhatsAppFormatter.format(almostLink) == almostLink)
    }

    @Test("links nested 200,000 deep are written inside out")
    func nestedLinks() {
        let depth = 200_000
        let text = String(repeating: "[", count: depth) + "x" + String(repeating: "](a)", count: depth)
        #expect(WhatsAppFormatter.format(text) == "x" + String(repeating: " (a)", count: depth))
        let bold = String(repeating: "[**b** ", count: 1000) + String(repeating: "](u)", count: 1000)
        #expect(
            WhatsAppFormatter.format(bold)
                == String(repeating: "*b* ", count: 1000) + String(repeating: " (u)", count: 1000))
    }

    @Test("a million quote markers")
    func deepQuote() {
        let text = String(repeating: ">", count: 1_000_000) + " **x**"
        #expect(WhatsAppFormatter.format(text) == String(repeating: "> ", count: 1_000_000) + "*x*")
    }

    @Test("long runs of one marker")
    func markerRuns() {
        let million = 1_000_000
        #expect(WhatsAppFormatter.format(String(repeating: "*", count: million)) == "")
        #expect(WhatsAppFormatter.format(String(repeating: "_", count: million)) == "")
        #expect(WhatsAppFormatter.format(String(repeating: "`", count: million)) == "```\n```")
        #expect(WhatsAppFormatter.format(String(repeating: "~", count: million)) == "```\n```")
        for marker in ["*", "_", "~", "`", "<", "\\"] {
            let text = "a" + String(repeating: marker, count: 100_000)
            #expect(
                WhatsAppFormatter.format(text) == (marker == "\\" ? "a" + String(repeating: "\\", count: 50_000) : text)
            )
        }
    }

    @Test("openers that never close stay literal")
    func unmatchedOpeners() {
        // Backtick runs of 1,400 different lengths: each opener's only match would be a run of its own length.
        let ticks = (1...1400).reversed().map { String(repeating: "`", count: $0) }.joined(separator: " ")
        #expect(WhatsAppFormatter.format(ticks) == ticks)
        let angles = String(repeating: "<a:", count: 100_000)
        #expect(WhatsAppFormatter.format(angles) == angles)
        let italicsThenBolds = String(repeating: "_a ", count: 100_000) + String(repeating: "a* ", count: 100_000)
        #expect(WhatsAppFormatter.format(italicsThenBolds) == String(italicsThenBolds.dropLast()))
        let addresses = String(repeating: "www.", count: 100_000)
        #expect(WhatsAppFormatter.format(addresses) == addresses)
    }

    @Test("alternating emphasis pairs up")
    func alternating() {
        let text = String(repeating: "*a* **b** ~~c~~ ", count: 50_000)
        #expect(WhatsAppFormatter.format(text) == String(String(repeating: "_a_ *b* ~c~ ", count: 50_000).dropLast()))
    }
}
