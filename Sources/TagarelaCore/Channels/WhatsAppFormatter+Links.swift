/// Links: `[text](url)` is shown as `text (url)`, or the url alone when the text is blank or the url itself.
extension WhatsAppFormatter.InlineScanner {
    /// The line, or the label of a link being scanned: where its text lies and what it owns so far.
    struct Label {
        /// The first character of the text (after `[`).
        let start: Int
        /// Where the text ends (its `]`, or the end of the line); nothing inside may reach past it.
        let end: Int
        /// Where scanning goes on once the label is done: after the link's `)`.
        let resume: Int
        let address: String
        /// The first piece written for this label.
        let firstPiece: Int
        /// Delimiter runs found directly in this text: emphasis pairs only within its own label.
        var runs: [Int] = []
        /// Whether anything but whitespace was written so far.
        var visible = false
    }

    /// `[text](url)` or, starting at its bracket, `![alt](url)`: the label to scan, or `nil` if no link opens here.
    func link(at open: Int) -> Label? {
        guard let close = ends.closingBracket(of: open), close + 1 < scope.end, chars[close + 1] == "(",
            let end = ends.closingParenthesis(of: close + 1), end < scope.end
        else { return nil }
        // The destination may be followed by a "title", and may be wrapped in <>.
        var url = chars[(close + 2)..<end].drop(while: \.isWhitespace).prefix(while: { !$0.isWhitespace })
        if url.first == "<", url.last == ">" { url = url.dropFirst().dropLast() }
        let address = String(url.starts(with: "mailto:") ? url.dropFirst(7) : url)
        return Label(start: open + 1, end: close, resume: end + 1, address: address, firstPiece: 0)
    }

    mutating func openLink(_ link: Label) {
        flushText()
        labels.append(
            Label(
                start: link.start, end: link.end, resume: link.resume, address: link.address,
                firstPiece: pieces.count))
    }

    /// Resolves the innermost label's emphasis, writes the link in its place and returns where scanning resumes.
    mutating func closeLink() -> Int {
        flushText()
        let label = labels.removeLast()
        matchRuns(label.runs)
        let visible = label.visible || label.runs.contains { !runs[$0].rendersEmpty }
        if label.address.isEmpty {
            // The label stays as it was written.
            if visible { labels[labels.count - 1].visible = true }
        } else if !visible || renderedText(from: label.firstPiece, matching: label.address) {
            pieces.removeSubrange(label.firstPiece...)
            appendText(label.address)
        } else {
            appendText(" (\(label.address))")
        }
        return label.resume
    }

    /// Whether the pieces from `first` on render exactly as `address`.
    ///
    /// Only a budget proportional to the address is rendered: a label longer than four times its address in
    /// UTF-8 (canonically equivalent text differs far less) cannot equal it, and nested labels are not
    /// rendered again and again.
    func renderedText(from first: Int, matching address: String) -> Bool {
        let budget = 4 * address.utf8.count + 16
        var text = ""
        for (visited, piece) in pieces[first...].enumerated() {
            switch piece {
            case .text(let literal):
                guard text.utf8.count + literal.utf8.count <= budget else { return false }
                text += literal
            case .run(let index):
                guard runs[index].count <= budget else { return false }
                runs[index].render(into: &text)
            }
            if visited > budget || text.utf8.count > budget { return false }
        }
        return text == address
    }

    func render() -> String {
        var result = ""
        for piece in pieces {
            switch piece {
            case .text(let text): result += text
            case .run(let index): runs[index].render(into: &result)
            }
        }
        return result
    }
}
