import Testing

@testable import TagarelaCore

/// Long runs that a splitter looking ahead or back from every position would take quadratic time over.
@Suite("MessageSplitter adversarial input", .timeLimit(.minutes(3)))
struct SplitterAdversarialTests {
    @Test("a megabyte with nowhere to cut is cut into full parts")
    func noBoundary() {
        let text = String(repeating: "*", count: 1_000_000)
        let parts = MessageSplitter.split(text, limit: 1600)
        #expect(parts.count == 625 && parts.allSatisfy { $0.utf16.count == 1600 })
    }

    @Test("fences, blank runs and accents")
    func runs() {
        let fences = String(repeating: "```\n", count: 250_000)
        #expect(MessageSplitter.split(fences, limit: 1600).joined(separator: "\n") == String(fences.dropLast()))
        let blank = "a\n" + String(repeating: " ", count: 500_000) + "\nb"
        #expect(MessageSplitter.split(blank, limit: 1600) == ["a", "b"])
        // One letter under 100,000 accents is one grapheme: cut between its scalars.
        let stacked = "a" + String(repeating: "\u{301}", count: 100_000)
        let parts = MessageSplitter.split(stacked, limit: 1600)
        #expect(parts.joined() == stacked && parts.allSatisfy { $0.utf16.count <= 1600 })
    }
}
