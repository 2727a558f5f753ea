/// Rewrites the Markdown an LLM writes into WhatsApp's own formatting (`*bold*`, `_italic_`, `~strike~`, code).
///
/// A line-based pass handles blocks (fences, headings, lists, quotes, tables, rules); an inline scanner handles
/// emphasis, code spans and links within each line. Code is always copied verbatim.
public enum WhatsAppFormatter {
    /// Formats `markdown` for a WhatsApp message.
    public static func format(_ markdown: String) -> String {
        var output = Output()
        var fence: Fence?
        for line in markdown.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            if let open = fence {
                if open.isClosed(by: line) {
                    output.append("```", verbatim: true)
                    fence = nil
                } else {
                    output.append(open.content(of: line), verbatim: true)
                }
            } else if let opened = Fence(opening: line) {
                output.append("```", verbatim: true)
                fence = opened
            } else if let formatted = formatLine(line) {
                output.append(formatted, verbatim: false)
            }
        }
        // An unclosed fence would leave WhatsApp showing stray backticks.
        if fence != nil { output.append("```", verbatim: true) }
        return output.text
    }

    /// The lines written so far; blank runs outside code collapse to one and trailing whitespace goes.
    struct Output {
        private var lines: [String] = []
        private var lastIsBlank = true

        mutating func append(_ line: String, verbatim: Bool) {
            if verbatim {
                lines.append(line)
                lastIsBlank = false
                return
            }
            var trimmed = Substring(line)
            while trimmed.last?.isWhitespace == true { trimmed = trimmed.dropLast() }
            if trimmed.isEmpty && lastIsBlank { return }
            lines.append(String(trimmed))
            lastIsBlank = trimmed.isEmpty
        }

        var text: String {
            var result = lines.joined(separator: "\n")
            while result.last?.isWhitespace == true { result.removeLast() }
            return result
        }
    }

    /// An open fenced code block: its marker (`` ` `` or `~`), how long its run was, and how far it was indented.
    struct Fence {
        let marker: Character
        let length: Int
        let indent: Int

        init?(opening line: Substring) {
            let indent = line.prefix(while: { $0 == " " || $0 == "\t" }).count
            let body = line.dropFirst(indent)
            guard let marker = body.first, marker == "`" || marker == "~" else { return nil }
            let length = body.prefix(while: { $0 == marker }).count
            guard length >= 3 else { return nil }
            // A backtick fence's info string cannot hold a backtick: "```x```" on one line is inline code.
            if marker == "`" && body.dropFirst(length).contains("`" as Character) { return nil }
            self.marker = marker
            self.length = length
            self.indent = indent
        }

        func isClosed(by line: Substring) -> Bool {
            let body = line.drop(while: { $0 == " " || $0 == "\t" })
            let run = body.prefix(while: { $0 == marker }).count
            return run >= length && body.dropFirst(run).allSatisfy(\.isWhitespace)
        }

        /// A code line without the fence's own indentation (a fence nested in a list item is indented).
        func content(of line: Substring) -> String {
            var rest = line
            var dropped = 0
            while dropped < indent, let first = rest.first, first == " " || first == "\t" {
                rest = rest.dropFirst()
                dropped += 1
            }
            return String(rest)
        }
    }
}
