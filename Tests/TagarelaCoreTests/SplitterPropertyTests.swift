import PropertyBased
import Testing

@testable import TagarelaCore

@Suite("MessageSplitter properties", .timeLimit(.minutes(3)))
struct SplitterPropertyTests {
    static let limits = Gen.int(in: MessageSplitter.minimumLimit...400)

    /// What no cut may lose or reorder: the text without its whitespace, scalar by scalar.
    func content(_ text: String) -> [Unicode.Scalar] {
        Array(text.filter { !$0.isWhitespace }.unicodeScalars)
    }

    @Test("parts are trimmed, non-empty, within the limit, and hold the text in order")
    func partsKeepTheText() {
        var rng = MarkdownSamples.generator()
        for _ in 0..<1000 {
            let text = MarkdownSamples.markdown.run(using: &rng)
            let limit = Self.limits.run(using: &rng)
            let parts = MessageSplitter.split(text, limit: limit)
            for part in parts {
                #expect(!part.isEmpty && part.utf16.count <= limit, "\(text.debugDescription) limit \(limit)")
                #expect(part.first?.isWhitespace == false && part.last?.isWhitespace == false)
            }
            #expect(content(parts.joined()) == content(text), "\(text.debugDescription) limit \(limit)")
        }
    }

    @Test("text that fits is one part: itself, trimmed")
    func fits() {
        var rng = MarkdownSamples.generator()
        for _ in 0..<500 {
            let text = MarkdownSamples.markdown.run(using: &rng)
            let trimmed = String(text.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
            let parts = MessageSplitter.split(text, limit: max(MessageSplitter.minimumLimit, trimmed.utf16.count))
            #expect(parts == (trimmed.isEmpty ? [] : [trimmed]))
        }
    }
}
