extension WhatsAppFormatter.InlineScanner {
    /// Where brackets, parentheses, code spans and addresses end, found without scanning the same text twice.
    ///
    /// Matching pairs are found once for the whole line with a stack; the other questions are asked at positions
    /// that only grow, so each is answered by a cursor that only moves forward. A line of a million `[`, `(`,
    /// `<` or backticks is therefore read a bounded number of times, never once per opening character.
    struct Ends {
        /// `bracket[i]`: the `]` closing the `[` at `i` (a backslash escapes the character after it), or -1.
        private var bracket: [Int] = []
        /// `parenthesis[i]`: the `)` closing the `(` at `i`, or -1.
        private var parenthesis: [Int] = []
        /// The starts of the runs of backticks of each length, in order, and how far each list has been read.
        private var backticks: [Int: [Int]] = [:]
        private var backtickCursor: [Int: Int] = [:]
        var greaterThan = Cursor { $0 == ">" }
        var colonOrAt = Cursor { $0 == ":" || $0 == "@" }
        var whitespace = Cursor { $0.isWhitespace }
        var whitespaceOrLessThan = Cursor { $0.isWhitespace || $0 == "<" }

        init(_ chars: [Character]) {
            var hasBracket = false
            var index = 0
            while index < chars.count {
                let ascii = chars[index].asciiValue
                if ascii == UInt8(ascii: "[") { hasBracket = true }
                guard ascii == UInt8(ascii: "`") else {
                    index += 1
                    continue
                }
                let start = index
                while index < chars.count && chars[index].asciiValue == UInt8(ascii: "`") { index += 1 }
                backticks[index - start, default: []].append(start)
            }
            if hasBracket { matchPairs(chars) }
        }

        private mutating func matchPairs(_ chars: [Character]) {
            bracket = Array(repeating: -1, count: chars.count)
            parenthesis = Array(repeating: -1, count: chars.count)
            var brackets: [Int] = []
            var parentheses: [Int] = []
            var escaped = false
            for (index, char) in chars.enumerated() {
                let ascii = char.asciiValue
                // Parentheses in a link's destination are counted without escapes, as the destination is read.
                if ascii == UInt8(ascii: "(") { parentheses.append(index) }
                if ascii == UInt8(ascii: ")"), let open = parentheses.popLast() { parenthesis[open] = index }
                if escaped {
                    escaped = false
                } else if ascii == UInt8(ascii: "\\") {
                    escaped = true
                } else if ascii == UInt8(ascii: "[") {
                    brackets.append(index)
                } else if ascii == UInt8(ascii: "]"), let open = brackets.popLast() {
                    bracket[open] = index
                }
            }
        }

        func closingBracket(of open: Int) -> Int? {
            open < bracket.count && bracket[open] >= 0 ? bracket[open] : nil
        }

        func closingParenthesis(of open: Int) -> Int? {
            open < parenthesis.count && parenthesis[open] >= 0 ? parenthesis[open] : nil
        }

        /// The first run of exactly `length` backticks starting at or after `from` and before `end`.
        mutating func backtickRun(length: Int, from: Int, before end: Int) -> Int? {
            guard let starts = backticks[length] else { return nil }
            var cursor = backtickCursor[length, default: 0]
            while cursor < starts.count && starts[cursor] < from { cursor += 1 }
            backtickCursor[length] = cursor
            return cursor < starts.count && starts[cursor] < end ? starts[cursor] : nil
        }
    }

    /// The first character at or after a position that matches, for positions asked in increasing order.
    struct Cursor {
        let matches: (Character) -> Bool
        /// No character in `from..<found` matches; `found` matches, or is the end of the line.
        private var from = 0
        private var found = -1

        init(_ matches: @escaping (Character) -> Bool) {
            self.matches = matches
        }

        mutating func first(from position: Int, in chars: [Character]) -> Int {
            if position < from || position > found {
                found = position
                while found < chars.count && !matches(chars[found]) { found += 1 }
            }
            from = position
            return found
        }
    }
}
