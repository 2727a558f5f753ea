/// Splits a reply too long for one message into ordered parts that each fit a channel's limit.
///
/// Limits count UTF-16 code units, as Twilio does (1600 per WhatsApp message), so `👍🏽` weighs 4.
public enum MessageSplitter {
    /// The smallest supported limit; below it a single emoji sequence could hardly fit.
    public static let minimumLimit = 16

    /// Splits `text` into parts of at most `limit` UTF-16 code units, trimmed and never empty.
    ///
    /// Each part is packed as full as it can be, ending at a paragraph break, else a line break, else a sentence
    /// end, else a space; a word is cut only when nothing else fits, and never inside a grapheme cluster (unless
    /// one cluster alone exceeds the limit). A fenced code block that fits in one part is not cut.
    /// - Precondition: `limit >= minimumLimit`.
    public static func split(_ text: String, limit: Int) -> [String] {
        precondition(limit >= minimumLimit, "MessageSplitter needs a limit of at least \(minimumLimit)")
        let text = SplitText(text, limit: limit)
        var parts: [String] = []
        var start = 0
        var end = text.chars.count
        while end > 0 && text.chars[end - 1].isWhitespace { end -= 1 }
        while true {
            while start < end && text.chars[start].isWhitespace { start += 1 }
            guard start < end else { return parts }
            if text.width(start, end) <= limit {
                parts.append(text.part(start, end))
                return parts
            }
            var windowEnd = start
            while text.width(start, windowEnd + 1) <= limit { windowEnd += 1 }
            if windowEnd == start {
                // One grapheme longer than the limit (dozens of stacked accents): cut between its scalars.
                parts += splitScalars(of: text.chars[start], limit: limit)
                start += 1
                continue
            }
            let cut = text.bestCut(from: start, windowEnd: windowEnd, limit: limit)
            parts.append(text.part(start, cut))
            start = cut
        }
    }

    static func splitScalars(of character: Character, limit: Int) -> [String] {
        var pieces: [String] = []
        var piece = String.UnicodeScalarView()
        var width = 0
        for scalar in character.unicodeScalars {
            let scalarWidth = UTF16.width(scalar)
            if width + scalarWidth > limit {
                pieces.append(String(piece))
                piece = String.UnicodeScalarView()
                width = 0
            }
            piece.append(scalar)
            width += scalarWidth
        }
        if !piece.isEmpty { pieces.append(String(piece)) }
        return pieces
    }
}

/// The text as graphemes with their UTF-16 offsets, and where a cut would break a code block.
private struct SplitText {
    /// The kinds of place a part may end, best first.
    enum Boundary: Int, CaseIterable {
        case paragraph, line, sentence, word
    }

    let chars: [Character]
    /// `offsets[i]` is where `chars[i]` starts in UTF-16 units; the last entry is the total.
    let offsets: [Int]
    /// `protected[i]`: cutting before `chars[i]` would split a fenced code block that fits in one part.
    var protected: [Bool]

    init(_ text: String, limit: Int) {
        chars = Array(text)
        var offsets = [0]
        offsets.reserveCapacity(chars.count + 1)
        for char in chars { offsets.append(offsets[offsets.count - 1] + char.utf16.count) }
        self.offsets = offsets
        protected = Array(repeating: false, count: chars.count + 1)
        protectCodeBlocks(limit: limit)
    }

    /// Marks the inside of each fenced code block that fits in one part, so no part ends there.
    mutating func protectCodeBlocks(limit: Int) {
        var open: (start: Int, marker: Character, length: Int)?
        var lineStart = 0
        while lineStart < chars.count {
            let lineEnd = chars[lineStart...].firstIndex(where: \.isNewline) ?? chars.count
            let body = chars[lineStart..<lineEnd].drop(while: { $0 == " " || $0 == "\t" })
            if let marker = body.first, marker == "`" || marker == "~" {
                let run = body.prefix(while: { $0 == marker }).count
                let rest = body.dropFirst(run)
                if let fence = open, marker == fence.marker, run >= fence.length, rest.allSatisfy(\.isWhitespace) {
                    protect(from: fence.start, to: lineEnd, limit: limit)
                    open = nil
                } else if open == nil, run >= 3, marker == "~" || !rest.contains("`") {
                    open = (lineStart, marker, run)
                }
            }
            lineStart = lineEnd + 1
        }
        if let fence = open { protect(from: fence.start, to: chars.count, limit: limit) }
    }

    mutating func protect(from start: Int, to end: Int, limit: Int) {
        guard width(start, end) <= limit, end > start + 1 else { return }
        for index in (start + 1)..<end { protected[index] = true }
    }

    func width(_ from: Int, _ to: Int) -> Int {
        to < offsets.count ? offsets[to] - offsets[from] : Int.max
    }

    func part(_ from: Int, _ to: Int) -> String {
        var end = to
        while end > from && chars[end - 1].isWhitespace { end -= 1 }
        return String(chars[from..<end])
    }

    /// Where the part starting at `start` should end, at most at `windowEnd` (the most that fits).
    func bestCut(from start: Int, windowEnd: Int, limit: Int) -> Int {
        var last: [Int?] = Array(repeating: nil, count: Boundary.allCases.count)
        for cut in (start + 1)...windowEnd where !protected[cut] {
            if let kind = boundary(before: cut) { last[kind.rawValue] = cut }
        }
        // A boundary is worth taking only if the part is at least a third full; a short greeting
        // before a long paragraph should not go out alone when the paragraph can be cut at a sentence.
        let enough = limit / 3
        if let cut = last.first(where: { $0.map { width(start, $0) >= enough } ?? false }) { return cut! }
        return last.lazy.compactMap { $0 }.first ?? windowEnd
    }

    /// What kind of boundary lies just before `chars[cut]`, if any.
    func boundary(before cut: Int) -> Boundary? {
        let char = chars[cut]
        guard char.isWhitespace else { return nil }
        if char.isNewline {
            let next = chars[(cut + 1)...].first(where: { !$0.isWhitespace || $0.isNewline })
            return next?.isNewline == true ? .paragraph : .line
        }
        var end = cut - 1
        if "\"')»”’".contains(chars[end]) && end > 0 { end -= 1 }
        return ".!?…".contains(chars[end]) ? .sentence : .word
    }
}
