extension WhatsAppFormatter {
    /// Rewrites the inline Markdown of one line; inside a bold heading, bold markers are dropped.
    static func inline(_ text: some StringProtocol, insideBold: Bool = false) -> String {
        var scanner = InlineScanner(chars: Array(text), insideBold: insideBold)
        scanner.scan()
        scanner.matchRuns()
        return scanner.render()
    }

    /// Splits a line into literal text and emphasis delimiter runs; code, links and URLs become literal text.
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

        mutating func scan() {
            var index = 0
            while index < chars.count {
                if let (literal, end) = verbatimSpan(at: index) {
                    appendText(literal)
                    index = end
                } else if "*_~".contains(chars[index]) {
                    index = addRun(at: index)
                } else {
                    appendText(String(chars[index]))
                    index += 1
                }
            }
        }

        mutating func appendText(_ text: String) {
            if case .text(let previous) = pieces.last {
                pieces[pieces.count - 1] = .text(previous + text)
            } else {
                pieces.append(.text(text))
            }
        }

        /// Text no emphasis may reach into, with the index after it: escapes, code, links, autolinks, URLs.
        func verbatimSpan(at index: Int) -> (String, Int)? {
            let next = index + 1 < chars.count ? chars[index + 1] : nil
            switch chars[index] {
            case "\\":
                guard let next, next.isASCII, next.isPunctuation || next.isSymbol else { return nil }
                return (String(next), index + 2)
            case "`": return codeSpan(at: index)
            case "[": return link(at: index)
            case "!" where next == "[": return link(at: index + 1)
            case "<": return autolink(at: index)
            default: return bareURL(at: index)
            }
        }

        func runLength(of char: Character, at start: Int) -> Int {
            chars[start...].prefix(while: { $0 == char }).count
        }

        /// A code span, copied untouched; unmatched backticks are literal.
        func codeSpan(at start: Int) -> (String, Int) {
            let length = runLength(of: "`", at: start)
            var index = start + length
            while index < chars.count {
                guard chars[index] == "`" else {
                    index += 1
                    continue
                }
                let closing = runLength(of: "`", at: index)
                if closing == length {
                    var code = chars[(start + length)..<index]
                    if length == 1 { return ("`" + String(code) + "`", index + closing) }
                    // Markdown pads code that holds backticks with a space each side; WhatsApp's ``` needs none.
                    if code.count > 2, code.first == " ", code.last == " " { code = code.dropFirst().dropLast() }
                    return ("```" + String(code) + "```", index + closing)
                }
                index += closing
            }
            return (String(repeating: "`", count: length), start + length)
        }

        /// `[text](url)` or, starting at its bracket, `![alt](url)`: shown as `text (url)`, or the url alone.
        func link(at open: Int) -> (String, Int)? {
            guard let close = closingBracket(after: open), close + 1 < chars.count, chars[close + 1] == "(" else {
                return nil
            }
            var end = close + 1
            var depth = 0
            while end < chars.count {
                if chars[end] == "(" { depth += 1 }
                if chars[end] == ")" { depth -= 1 }
                if depth == 0 { break }
                end += 1
            }
            guard end < chars.count else { return nil }
            // The destination may be followed by a "title", and may be wrapped in <>.
            var url = chars[(close + 2)..<end].drop(while: \.isWhitespace).prefix(while: { !$0.isWhitespace })
            if url.first == "<", url.last == ">" { url = url.dropFirst().dropLast() }
            let address = String(url.starts(with: "mailto:") ? url.dropFirst(7) : url)
            let label = WhatsAppFormatter.inline(String(chars[(open + 1)..<close]), insideBold: insideBold)
            if address.isEmpty { return (label, end + 1) }
            if label.allSatisfy(\.isWhitespace) || label == address { return (address, end + 1) }
            return ("\(label) (\(address))", end + 1)
        }

        func closingBracket(after open: Int) -> Int? {
            var depth = 0
            var index = open
            while index < chars.count {
                switch chars[index] {
                case "\\": index += 1
                case "[": depth += 1
                case "]":
                    depth -= 1
                    if depth == 0 { return index }
                default: break
                }
                index += 1
            }
            return nil
        }

        /// `<https://…>` or `<someone@example.com>`, shown without the brackets.
        func autolink(at open: Int) -> (String, Int)? {
            guard let close = chars[open...].firstIndex(of: ">") else { return nil }
            let inner = chars[(open + 1)..<close]
            let isAddress = inner.contains { $0 == ":" || $0 == "@" } && !inner.contains(where: \.isWhitespace)
            guard isAddress else { return nil }
            return (String(inner.starts(with: "mailto:") ? inner.dropFirst(7) : inner), close + 1)
        }

        /// A bare `http(s)://` or `www.` address: its `_` and `*` are part of the address, not emphasis.
        func bareURL(at start: Int) -> (String, Int)? {
            if start > 0, chars[start - 1].isLetter || chars[start - 1].isNumber { return nil }
            let rest = chars[start...]
            guard rest.starts(with: "https://") || rest.starts(with: "http://") || rest.starts(with: "www.") else {
                return nil
            }
            var end = rest.firstIndex(where: { $0.isWhitespace || $0 == "<" }) ?? chars.count
            // Markers and punctuation right after an address belong to the sentence (`**https://x.y**.`).
            while end > start, "*_~.,;:!?)".contains(chars[end - 1]) { end -= 1 }
            return end > start ? (String(chars[start..<end]), end) : nil
        }
    }
}
