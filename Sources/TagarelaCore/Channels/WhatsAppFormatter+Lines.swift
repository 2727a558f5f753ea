import Foundation

/// Block-level rules applied to each line outside code fences.
extension WhatsAppFormatter {
    /// Formats one line outside code; `nil` drops the line (table separators).
    static func formatLine(_ line: Substring) -> String? {
        // Quote markers are counted in a loop, not by recursion: a line of a million `>` must not overflow the stack.
        var rest = line
        var depth = 0
        while rest.drop(while: { $0 == " " || $0 == "\t" }).first == ">" {
            rest = rest.drop(while: { $0 == " " || $0 == "\t" }).dropFirst().drop(while: { $0 == " " })
            depth += 1
        }
        guard depth > 0 else { return formatUnquoted(rest) }
        guard let inner = formatUnquoted(rest), !inner.isEmpty else { return "" }
        return String(repeating: "> ", count: depth) + inner
    }

    /// Formats a line that is not a quote.
    static func formatUnquoted(_ line: Substring) -> String? {
        let indent = line.prefix(while: { $0 == " " || $0 == "\t" })
        let body = line.dropFirst(indent.count)
        if body.isEmpty || isRule(body) { return "" }
        if let title = headingTitle(body) {
            let text = inline(title, insideBold: true)
            return text.isEmpty ? "" : "*\(text)*"
        }
        if isTableSeparator(body) { return nil }
        if let marker = body.first, "*+-".contains(marker), body.dropFirst().first?.isWhitespace == true {
            return indent + "- " + inline(body.dropFirst(2).drop(while: \.isWhitespace))
        }
        if let number = numberedMarker(body) {
            return indent + number + " " + inline(body.dropFirst(number.count).drop(while: \.isWhitespace))
        }
        if body.first == "|" { return tableCells(body).map { inline($0) }.joined(separator: " | ") }
        return indent + inline(body)
    }

    /// `---`, `***`, `___` (optionally spaced) alone on a line.
    static func isRule(_ body: Substring) -> Bool {
        let marks = body.lazy.filter { $0 != " " && $0 != "\t" }
        guard let first = marks.first, first == "-" || first == "*" || first == "_" else { return false }
        var count = 0
        for mark in marks {
            guard mark == first else { return false }
            count += 1
        }
        return count >= 3
    }

    /// The text of an ATX heading (`# Title #`), or `nil` when the line is not one (`#hashtag` is not).
    static func headingTitle(_ body: Substring) -> Substring? {
        let level = body.prefix(while: { $0 == "#" }).count
        let rest = body.dropFirst(level)
        guard (1...6).contains(level), rest.first?.isWhitespace ?? true else { return nil }
        var title = rest.drop(while: \.isWhitespace)
        while title.last?.isWhitespace == true { title = title.dropLast() }
        let closing = title.reversed().prefix(while: { $0 == "#" }).count
        if closing == title.count {
            return ""
        } else if closing > 0, title.dropLast(closing).last?.isWhitespace == true {
            title = title.dropLast(closing)
            while title.last?.isWhitespace == true { title = title.dropLast() }
        }
        return title
    }

    /// `1.` or `1)` followed by whitespace.
    static func numberedMarker(_ body: Substring) -> Substring? {
        let digits = body.prefix(while: { $0.isASCII && $0.isNumber })
        let rest = body.dropFirst(digits.count)
        guard (1...9).contains(digits.count), let dot = rest.first, dot == "." || dot == ")",
            rest.dropFirst().first?.isWhitespace == true
        else { return nil }
        return body.prefix(digits.count + 1)
    }

    /// A table's header separator row such as `|---|:---:|`.
    static func isTableSeparator(_ body: Substring) -> Bool {
        // Characters, not Foundation's substring search: this runs on every line.
        body.allSatisfy { "|-: \t".contains($0) } && body.contains("|" as Character) && body.contains("-" as Character)
    }

    /// The trimmed cells of a table row; pipes inside code spans or escaped as `\|` are not separators.
    static func tableCells(_ body: Substring) -> [String] {
        var cells: [String] = []
        var current = ""
        var inCode = false
        var index = body.startIndex
        while index < body.endIndex {
            let char = body[index]
            let next = body.index(after: index)
            if char == "\\", next < body.endIndex, body[next] == "|" {
                current.append("|")
                index = body.index(after: next)
                continue
            }
            if char == "`" { inCode.toggle() }
            if char == "|" && !inCode {
                cells.append(current)
                current = ""
            } else {
                current.append(char)
            }
            index = next
        }
        cells.append(current)
        // The leading pipe opens an empty first cell; a trailing pipe closes an empty last one.
        if cells.first?.allSatisfy(\.isWhitespace) == true { cells.removeFirst() }
        if cells.count > 1, cells.last?.allSatisfy(\.isWhitespace) == true { cells.removeLast() }
        return cells.map { $0.trimmingCharacters(in: .whitespaces) }
    }
}
