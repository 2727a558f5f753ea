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

        /// Closing markers come first and opening markers last, with the unpaired remainder between.
        func render(into text: inout String) {
            for tag in closed { text += tag }
            if count > 0 { text += String(repeating: marker, count: count) }
            for tag in opened.reversed() { text += tag }
        }

        /// Whether the run leaves nothing in the text (bold paired inside a bold heading).
        var rendersEmpty: Bool {
            count == 0 && closed.allSatisfy(\.isEmpty) && opened.allSatisfy(\.isEmpty)
        }
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
        // A link's label is read on its own: its edges count as the edges of a line.
        let before = start > scope.start ? chars[start - 1] : nil
        let after = end < scope.end ? chars[end] : nil
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
        flushText()
        runs.append(run)
        pieces.append(.run(runs.count - 1))
        labels[labels.count - 1].runs.append(runs.count - 1)
        return end
    }

    /// Pairs closers with the nearest earlier opener of the same marker, innermost first.
    ///
    /// Openers wait on one stack per marker, so a closer finds its opener without walking past openers of the
    /// other markers (`_a _a _a … a* a* a*` stays linear).
    mutating func matchRuns(_ indices: [Int]) {
        var openers: [[Int]] = [[], [], []]
        func stack(of marker: Character) -> Int { marker == "*" ? 0 : marker == "_" ? 1 : 2 }
        for closer in indices {
            let marker = stack(of: runs[closer].marker)
            while runs[closer].canClose, runs[closer].count > 0, let opener = openers[marker].last {
                let used = pairedLength(runs[opener].count, runs[closer].count, marker: runs[closer].marker)
                let tag = whatsAppMarker(for: runs[closer].marker, length: used)
                runs[opener].count -= used
                runs[opener].opened.append(tag)
                runs[closer].count -= used
                runs[closer].closed.append(tag)
                // Runs between the pair can no longer pair across it.
                for other in openers.indices {
                    while let last = openers[other].last, last > opener { openers[other].removeLast() }
                }
                if runs[opener].count == 0 { openers[marker].removeLast() }
            }
            if runs[closer].canOpen && runs[closer].count > 0 { openers[marker].append(closer) }
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
}
