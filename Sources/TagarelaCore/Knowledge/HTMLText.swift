import Foundation

/// The readable text of an HTML page as the chunker reads text: headings as `#` lines, paragraphs and list items on
/// lines of their own, everything else (scripts, styles, markup, comments) dropped and entities decoded.
///
/// A small, forgiving scanner rather than a parser: it does not build a tree, it only has to tell text from tags,
/// which holds for the pages a business exports (an FAQ, a price list, a saved web page).
public enum HTMLText {
    /// The page's text and its `<title>` (or first heading), if it has one.
    public static func read(_ html: String) -> (title: String?, text: String) {
        var output = ""
        var title: String?
        var index = html.startIndex
        var preformatted = 0
        while index < html.endIndex {
            if html[index] != "<" {
                let end = html[index...].firstIndex(of: "<") ?? html.endIndex
                let text = decodeEntities(html[index..<end])
                output += preformatted > 0 ? text : collapse(text, after: output)
                index = end
                continue
            }
            if html[index...].hasPrefix("<!--") {
                index = html.range(of: "-->", range: index..<html.endIndex)?.upperBound ?? html.endIndex
                continue
            }
            guard let close = html[index...].firstIndex(of: ">") else { break }
            let tag = Tag(html[html.index(after: index)..<close])
            index = html.index(after: close)
            if !tag.closing, skipped.contains(tag.name) || tag.name == "title" {
                // Skipped elements end at their own closing tag; a title is kept aside.
                let end = html.range(of: "</\(tag.name)", options: .caseInsensitive, range: index..<html.endIndex)
                if tag.name == "title", title == nil {
                    let text = decodeEntities(html[index..<(end?.lowerBound ?? html.endIndex)])
                    title = collapse(text, after: "").trimmingCharacters(in: .whitespaces)
                }
                guard let end else { break }
                index = html[end.upperBound...].firstIndex(of: ">").map(html.index(after:)) ?? html.endIndex
                continue
            }
            if tag.name == "pre" { preformatted += tag.closing ? -1 : 1 }
            if let level = tag.headingLevel {
                output += tag.closing ? "\n\n" : "\n\n" + String(repeating: "#", count: level) + " "
            } else if tag.name == "li", !tag.closing {
                output += "\n- "
            } else if tag.name == "br" {
                output += "\n"
            } else if tag.name == "td" || tag.name == "th" {
                output += " "
            } else if blocks.contains(tag.name) {
                output += "\n\n"
            }
        }
        let text = tidy(output)
        let heading = text.split(separator: "\n").first { $0.hasPrefix("#") }.map {
            $0.drop { $0 == "#" }.trimmingCharacters(in: .whitespaces)
        }
        return (title.flatMap { $0.isEmpty ? nil : $0 } ?? heading, text)
    }

    /// Elements whose content is not text for a reader.
    static let skipped: Set<String> = ["script", "style", "noscript", "template", "svg", "iframe", "object"]

    /// Elements that start and end a paragraph of their own.
    static let blocks: Set<String> = [
        "p", "div", "section", "article", "header", "footer", "main", "aside", "nav", "ul", "ol", "dl", "dt", "dd",
        "table", "tr", "blockquote", "pre", "figure", "figcaption", "address", "hr", "form", "fieldset", "details",
        "summary", "body", "html",
    ]

    struct Tag {
        var name: String
        var closing: Bool

        init(_ inside: Substring) {
            closing = inside.hasPrefix("/")
            name = inside.drop { $0 == "/" }.prefix { $0.isLetter || $0.isNumber }.lowercased()
        }

        var headingLevel: Int? {
            guard name.count == 2, name.hasPrefix("h"), let level = Int(name.dropFirst()), (1...6).contains(level)
            else { return nil }
            return level
        }
    }

    /// White space as a browser shows it: runs folded into one space, none at the start of a line.
    static func collapse(_ text: String, after output: String) -> String {
        var result = ""
        var space = output.last.map { $0.isWhitespace } ?? true
        for character in text {
            if character.isWhitespace {
                if !space { result.append(" ") }
                space = true
            } else {
                result.append(character)
                space = false
            }
        }
        return result
    }

    /// Lines trimmed, at most one blank line between paragraphs.
    static func tidy(_ text: String) -> String {
        var lines: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty, lines.last?.isEmpty ?? true { continue }
            lines.append(trimmed == "-" ? "" : trimmed)
        }
        while lines.last?.isEmpty == true { lines.removeLast() }
        return lines.joined(separator: "\n")
    }

    /// `&amp;`, `&#233;`, `&#xE9;` and the named entities Portuguese pages use.
    static func decodeEntities(_ text: Substring) -> String {
        guard text.contains("&") else { return String(text) }
        var result = ""
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            guard character == "&", let semicolon = text[index...].prefix(12).firstIndex(of: ";") else {
                result.append(character)
                index = text.index(after: index)
                continue
            }
            let name = text[text.index(after: index)..<semicolon]
            if let decoded = decode(entity: name) {
                result += decoded
                index = text.index(after: semicolon)
            } else {
                result.append(character)
                index = text.index(after: index)
            }
        }
        return result
    }

    static func decode(entity name: Substring) -> String? {
        if name.hasPrefix("#") {
            let digits = name.dropFirst()
            let value =
                digits.first == "x" || digits.first == "X" ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits)
            return value.flatMap(Unicode.Scalar.init).map { String(Character($0)) }
        }
        return namedEntities[String(name)]
    }

    static let namedEntities: [String: String] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": " ", "ndash": "–", "mdash": "—",
        "hellip": "…", "laquo": "«", "raquo": "»", "ldquo": "“", "rdquo": "”", "lsquo": "‘", "rsquo": "’",
        "copy": "©", "reg": "®", "deg": "°", "ordf": "ª", "ordm": "º", "euro": "€", "middot": "·", "bull": "•",
        "aacute": "á", "Aacute": "Á", "agrave": "à", "Agrave": "À", "acirc": "â", "Acirc": "Â", "atilde": "ã",
        "Atilde": "Ã", "eacute": "é", "Eacute": "É", "ecirc": "ê", "Ecirc": "Ê", "iacute": "í", "Iacute": "Í",
        "oacute": "ó", "Oacute": "Ó", "ocirc": "ô", "Ocirc": "Ô", "otilde": "õ", "Otilde": "Õ", "uacute": "ú",
        "Uacute": "Ú", "uuml": "ü", "Uuml": "Ü", "ccedil": "ç", "Ccedil": "Ç",
    ]
}
