extension WhatsAppFormatter.InlineScanner {
    /// A run of `*`, `_` or `~~` that may open or close emphasis, and the WhatsApp markers it became.
    struct DelimiterRun {
        let marker: Character
        /// Characters not yet paired: these stay as literal text.
        var count: Int
        let canOpen: Bool
        let canClose: Bool
        var opened: [String] = []
        var closed: [String] = []
    }

    /// Records the delimiter run at `start` (CommonMark's flanking rules) and returns the index after it.
    mutating func addRun(at start: Int) -> Int {
        let marker = chars[start]
        let count = runLength(of: marker, at: start)
        let end = start + count
        // Only a double tilde is strikethrough: a lone "~" usually means "about" (~100 km).
        if marker == "~" && count != 2 {
            appendText(String(repeating: marker, count: count))
            return end
        }
        let before = start > 0 ? chars[start - 1] : nil
        let after = end < chars.count ? chars[end] : nil
        let beforeSpace = before?.isWhitespace ?? true
        let afterSpace = after?.isWhitespace ?? true
        let beforePunctuation = before.map { $0.isPunctuation || $0.isSymbol } ?? false
        let afterPunctuation = after.map { $0.isPunctuation || $0.isSymbol } ?? false
        let leftFlanking = !afterSpace && (!afterPunctuation || beforeSpace || beforePunctuation)
        let rightFlanking = !beforeSpace && (!beforePunctuation || afterSpace || afterPunctuation)
        // Unlike CommonMark's "*", no marker works inside a word, so snake_case and 2*3*4 stay as written.
        let run = DelimiterRun(
            marker: marker,
            count: count,
            canOpen: leftFlanking && (!rightFlanking || beforePunctuation),
            canClose: rightFlanking && (!leftFlanking || afterPunctuation)
        )
        runs.append(run)
        pieces.append(.run(runs.count - 1))
        return end
    }

    /// Pairs closers with the nearest earlier opener of the same marker, innermost first.
    mutating func matchRuns() {
        var openers: [Int] = []
        for closer in runs.indices {
            let marker = runs[closer].marker
            while runs[closer].canClose, runs[closer].count > 0,
                let slot = openers.lastIndex(where: { runs[$0].marker == marker })
            {
                let opener = openers[slot]
                let used = pairedLength(runs[opener].count, runs[closer].count, marker: marker)
                let tag = whatsAppMarker(for: marker, length: used)
                runs[opener].count -= used
                runs[opener].opened.append(tag)
                runs[closer].count -= used
                runs[closer].closed.append(tag)
                // Runs between the pair can no longer pair across it.
                openers.removeSubrange((slot + 1)...)
                if runs[opener].count == 0 { openers.remove(at: slot) }
            }
            if runs[closer].canOpen && runs[closer].count > 0 { openers.append(closer) }
        }
    }

    /// How many characters of each run one pairing uses: 2 is bold (or strike), 1 is italic.
    func pairedLength(_ opener: Int, _ closer: Int, marker: Character) -> Int {
        if marker == "~" { return 2 }
        // For `***both***` take italic first, so it nests inside the bold: `*_both_*`.
        if opener >= 3 && closer >= 3 { return 1 }
        return opener >= 2 && closer >= 2 ? 2 : 1
    }

    func whatsAppMarker(for marker: Character, length: Int) -> String {
        if marker == "~" { return "~" }
        if length == 1 { return "_" }
        // A heading is already bold, and WhatsApp cannot nest bold in bold.
        return insideBold ? "" : "*"
    }

    func render() -> String {
        var result = ""
        for piece in pieces {
            switch piece {
            case .text(let text):
                result += text
            case .run(let index):
                let run = runs[index]
                // Closing markers come first and opening markers last, with the unpaired remainder between.
                result += run.closed.joined()
                result += String(repeating: run.marker, count: run.count)
                result += run.opened.reversed().joined()
            }
        }
        return result
    }
}
