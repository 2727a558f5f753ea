extension WhatsAppFormatter {
    /// Rewrites the inline Markdown of one line; inside a bold heading, bold markers are dropped.
    static func inline(_ text: some StringProtocol, insideBold: Bool = false) -> String {
        guard mayHoldMarkup(text) else { return String(text) }
        var scanner = InlineScanner(chars: Array(text), insideBold: insideBold)
        scanner.scan()
        return scanner.render()
    }

    /// Whether a line may hold anything the scanner changes; prose without a marker, bracket, escape, `<` or
    /// address (`://`, `www.`) is copied as it is, without building a scanner for it.
    static func mayHoldMarkup(_ text: some StringProtocol) -> Bool {
        var previous: (UInt8, UInt8) = (0, 0)
        for byte in text.utf8 {
            if inlineMarkers[Int(byte)] { return true }
            if byte == UInt8(ascii: ".") && previous == (UInt8(ascii: "w"), UInt8(ascii: "w")) { return true }
            previous = (previous.1, byte)
        }
        return false
    }

    /// `inlineMarkers[b]`: the byte `b` may start markup (`:` stands for the `://` of an address).
    static let inlineMarkers: [Bool] = (0...255).map { "[!\\`<*_~:".utf8.contains(UInt8($0)) }

    /// Splits a line into literal text and emphasis delimiter runs; code, links and URLs become literal text.
    ///
    /// One pass from left to right, in time linear in the line: a link's label is scanned in place as a nested
    /// ``Label`` on an explicit stack (never by recursion, so `[[[[…` cannot overflow the stack), and every
    /// "where does this end" question is answered by a table built once or a cursor that only moves forward.
    struct InlineScanner {
        /// A stretch of literal text, or a delimiter run (by index into `runs`) still to be resolved.
        enum Piece {
            case text(String)
            case run(Int)
        }

        let chars: [Character]
        let insideBold: Bool
        var pieces: [Piece] = []
        var runs: [DelimiterRun] = []
        /// Literal text not yet stored as a piece, so that appending a character never copies what came before.
        var pending = ""
        /// The line, then each link label being scanned inside it, innermost last.
        var labels: [Label]
        var ends: Ends

        init(chars: [Character], insideBold: Bool) {
            self.chars = chars
            self.insideBold = insideBold
            labels = [Label(start: 0, end: chars.count, resume: chars.count, address: "", firstPiece: 0)]
            ends = Ends(chars)
        }

        /// The text being scanned now: the whole line, or the label of the innermost open link.
        var scope: Label { labels[labels.count - 1] }

        mutating func scan() {
            var index = 0
            while true {
                if index >= scope.end {
                    guard labels.count > 1 else { break }
                    index = closeLink()
                    continue
                }
                // Most characters cannot start markup: copy them without asking the slower questions below.
                guard let ascii = chars[index].asciiValue, Self.markupStarts.contains(ascii) else {
                    appendCharacter(chars[index])
                    index += 1
                    continue
                }
                let next = index + 1 < scope.end ? chars[index + 1] : nil
                if chars[index] == "[" || (chars[index] == "!" && next == "["),
                    let link = link(at: chars[index] == "[" ? index : index + 1)
                {
                    openLink(link)
                    index = link.start
                } else if let (literal, end) = verbatimSpan(at: index) {
                    appendText(literal)
                    index = end
                } else if "*_~".contains(chars[index]) {
                    index = addRun(at: index)
                } else {
                    appendCharacter(chars[index])
                    index += 1
                }
            }
            flushText()
            matchRuns(labels[0].runs)
        }

        /// The ASCII characters that may begin an escape, code, a link, emphasis or an address (`http`, `www.`).
        static let markupStarts = Set("[!\\`<*_~hw".utf8)

        mutating func appendCharacter(_ char: Character) {
            if !labels[labels.count - 1].visible, !char.isWhitespace { labels[labels.count - 1].visible = true }
            pending.append(char)
        }

        mutating func appendText(_ text: String) {
            if !labels[labels.count - 1].visible, text.contains(where: { !$0.isWhitespace }) {
                labels[labels.count - 1].visible = true
            }
            pending += text
        }

        mutating func flushText() {
            guard !pending.isEmpty else { return }
            pieces.append(.text(pending))
            pending = ""
        }

        /// Text no emphasis may reach into, with the index after it: escapes, code, autolinks, URLs.
        mutating func verbatimSpan(at index: Int) -> (String, Int)? {
            let next = index + 1 < scope.end ? chars[index + 1] : nil
            switch chars[index] {
            case "\\":
                guard let next, next.isASCII, next.isPunctuation || next.isSymbol else { return nil }
                return (String(next), index + 2)
            case "`": return codeSpan(at: index)
            // A bracket that opens no link, and the `!` before it, are literal.
            case "[": return nil
            case "!" where next == "[": return nil
            case "<": return autolink(at: index)
            default: return bareURL(at: index)
            }
        }

        func runLength(of char: Character, at start: Int) -> Int {
            chars[start..<scope.end].prefix(while: { $0 == char }).count
        }

        /// A code span, copied untouched; unmatched backticks are literal.
        mutating func codeSpan(at start: Int) -> (String, Int) {
            let length = runLength(of: "`", at: start)
            guard let index = ends.backtickRun(length: length, from: start + length, before: scope.end) else {
                return (String(repeating: "`", count: length), start + length)
            }
            var code = chars[(start + length)..<index]
            if length == 1 { return ("`" + String(code) + "`", index + length) }
            // Markdown pads code that holds backticks with a space each side; WhatsApp's ``` needs none.
            if code.count > 2, code.first == " ", code.last == " " { code = code.dropFirst().dropLast() }
            return ("```" + String(code) + "```", index + length)
        }

        /// `<https://…>` or `<someone@example.com>`, shown without the brackets.
        mutating func autolink(at open: Int) -> (String, Int)? {
            let close = ends.greaterThan.first(from: open, in: chars)
            guard close < scope.end else { return nil }
            let isAddress =
                ends.colonOrAt.first(from: open + 1, in: chars) < close
                && ends.whitespace.first(from: open + 1, in: chars) >= close
            guard isAddress else { return nil }
            let inner = chars[(open + 1)..<close]
            return (String(inner.starts(with: "mailto:") ? inner.dropFirst(7) : inner), close + 1)
        }

        /// A bare `http(s)://` or `www.` address: its `_` and `*` are part of the address, not emphasis.
        mutating func bareURL(at start: Int) -> (String, Int)? {
            if start > scope.start, chars[start - 1].isLetter || chars[start - 1].isNumber { return nil }
            let rest = chars[start..<scope.end]
            guard rest.starts(with: "https://") || rest.starts(with: "http://") || rest.starts(with: "www.") else {
                return nil
            }
            var end = min(ends.whitespaceOrLessThan.first(from: start, in: chars), scope.end)
            // Markers and punctuation right after an address belong to the sentence (`**https://x.y**.`).
            while end > start, "*_~.,;:!?)".contains(chars[end - 1]) { end -= 1 }
            return end > start ? (String(chars[start..<end]), end) : nil
        }
    }
}
