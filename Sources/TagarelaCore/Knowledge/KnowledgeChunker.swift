import Foundation

/// Cuts a document's text into passages that follow its structure: a passage never spans two sections, fills up
/// with whole paragraphs, splits a long paragraph at sentences (and a run-on sentence at words), and repeats the end
/// of the passage before it (`overlapTokens`) so that a fact cut in two is still whole in one of them.
///
/// The text is Markdown-like, as every reader hands it over: `#` headings, paragraphs separated by blank lines.
/// Each passage keeps the headings it sits under, which tell the model (and the full-text search) what it is about.
public struct KnowledgeChunker: Sendable, Equatable {
    /// The largest passage, in estimated tokens (about four bytes of UTF-8 each).
    public var maxTokens: Int
    /// How much of a section's previous passage the next one repeats.
    public var overlapTokens: Int

    public init(maxTokens: Int = 300, overlapTokens: Int = 40) {
        self.maxTokens = max(maxTokens, 16)
        self.overlapTokens = min(max(overlapTokens, 0), self.maxTokens / 2)
    }

    public func passages(of text: String) -> [KnowledgePassage] {
        sections(of: text).flatMap { section in
            pieces(of: section.paragraphs).map { KnowledgePassage(heading: section.heading, text: $0) }
        }
    }

    struct Section {
        var heading: String
        var paragraphs: [String]
    }

    /// The text's sections: the paragraphs under each heading path, in order; headings without text are kept only
    /// as part of the path.
    func sections(of text: String) -> [Section] {
        var sections: [Section] = []
        var path: [(level: Int, title: String)] = []
        var paragraphs: [String] = []
        var lines: [Substring] = []
        func endParagraph() {
            let paragraph = lines.joined(separator: "\n").trimmingCharacters(in: .whitespaces)
            if !paragraph.isEmpty { paragraphs.append(paragraph) }
            lines = []
        }
        func endSection() {
            endParagraph()
            if !paragraphs.isEmpty {
                sections.append(Section(heading: path.map(\.title).joined(separator: " › "), paragraphs: paragraphs))
            }
            paragraphs = []
        }
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            if let heading = Self.heading(line) {
                endSection()
                path.removeAll { $0.level >= heading.level }
                path.append(heading)
            } else if line.allSatisfy(\.isWhitespace) {
                endParagraph()
            } else {
                lines.append(line)
            }
        }
        endSection()
        return sections
    }

    /// A Markdown ATX heading (`## Entregas`): its level and title.
    static func heading(_ line: Substring) -> (level: Int, title: String)? {
        let hashes = line.prefix { $0 == "#" }
        guard (1...6).contains(hashes.count), line.dropFirst(hashes.count).first?.isWhitespace == true else {
            return nil
        }
        let title = line.dropFirst(hashes.count).trimmingCharacters(in: .whitespaces)
            .trimmingCharacters(in: CharacterSet(charactersIn: "#")).trimmingCharacters(in: .whitespaces)
        return title.isEmpty ? nil : (hashes.count, title)
    }

    /// A section's paragraphs as passages within the budget.
    func pieces(of paragraphs: [String]) -> [String] {
        // Units small enough to fit: whole paragraphs where they fit, else their sentences, else runs of words.
        var units: [(text: String, startsParagraph: Bool)] = []
        for paragraph in paragraphs {
            let parts = MemoryWindow.textTokens(paragraph) <= maxTokens ? [paragraph] : split(paragraph)
            for (index, part) in parts.enumerated() { units.append((part, index == 0)) }
        }
        var passages: [String] = []
        var current: [(text: String, startsParagraph: Bool)] = []
        var currentTokens = 0
        var fresh = false
        func flush() {
            guard fresh else { return }
            passages.append(Self.joined(current))
            fresh = false
        }
        for unit in units {
            let cost = MemoryWindow.textTokens(unit.text) + 1
            if currentTokens + cost > maxTokens, !current.isEmpty {
                flush()
                // Carry the last units, up to the overlap, into the next passage.
                var carried: [(text: String, startsParagraph: Bool)] = []
                var carriedTokens = 0
                for previous in current.reversed() {
                    let previousCost = MemoryWindow.textTokens(previous.text) + 1
                    guard carriedTokens + previousCost <= overlapTokens,
                        carriedTokens + previousCost + cost <= maxTokens
                    else { break }
                    carried.insert(previous, at: 0)
                    carriedTokens += previousCost
                }
                current = carried
                currentTokens = carriedTokens
            }
            current.append(unit)
            currentTokens += cost
            fresh = true
        }
        flush()
        return passages
    }

    /// Units joined back: a blank line where a paragraph began, a space between its sentences.
    static func joined(_ units: [(text: String, startsParagraph: Bool)]) -> String {
        var text = ""
        for (index, unit) in units.enumerated() {
            if index > 0 { text += unit.startsParagraph ? "\n\n" : " " }
            text += unit.text
        }
        return text
    }

    /// A paragraph too long for one passage as its sentences, each sentence too long as runs of words.
    func split(_ paragraph: String) -> [String] {
        Self.sentences(paragraph).flatMap { sentence in
            MemoryWindow.textTokens(sentence) <= maxTokens ? [sentence] : wordRuns(sentence)
        }
    }

    /// Sentences end at `.`, `!`, `?` or `…` followed by white space, or at a line break (list items); a number
    /// with its period ("3. ") begins a sentence rather than being one.
    static func sentences(_ text: String) -> [String] {
        var sentences: [String] = []
        var current = ""
        var previous: Character?
        for character in text {
            let ends = [".", "!", "?", "…"].contains(previous) && current.contains(where: \.isLetter)
            if character.isNewline || (character.isWhitespace && ends) {
                let sentence = current.trimmingCharacters(in: .whitespaces)
                if !sentence.isEmpty { sentences.append(sentence) }
                current = ""
            } else {
                current.append(character)
            }
            previous = character
        }
        let last = current.trimmingCharacters(in: .whitespaces)
        if !last.isEmpty { sentences.append(last) }
        return sentences
    }

    func wordRuns(_ sentence: String) -> [String] {
        var runs: [String] = []
        var current = ""
        for word in sentence.split(whereSeparator: \.isWhitespace) {
            if !current.isEmpty, MemoryWindow.textTokens(current) + MemoryWindow.textTokens(word) + 1 > maxTokens {
                runs.append(current)
                current = ""
            }
            current += current.isEmpty ? String(word) : " " + word
        }
        if !current.isEmpty { runs.append(current) }
        return runs
    }
}
