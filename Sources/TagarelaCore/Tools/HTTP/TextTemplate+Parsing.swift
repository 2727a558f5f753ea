import Foundation

extension TextTemplate {
    /// Cuts `text` into pieces, expanding `${NAME}` with `secret(NAME)` and checking that each `{name}` is one of
    /// `arguments`. Each mistake adds one line to `problems`, starting with `path`.
    public static func parse(
        _ text: String, at path: String, arguments: Set<String>, secret: (String) -> String?,
        problems: inout [String]
    ) -> TextTemplate {
        var pieces: [Piece] = []
        var literal = ""
        var rest = Substring(text)
        func flush() {
            if !literal.isEmpty { pieces.append(.text(literal)) }
            literal = ""
        }
        while let first = rest.first {
            if rest.hasPrefix("{{") || rest.hasPrefix("}}") {
                literal.append(first)
                rest = rest.dropFirst(2)
            } else if rest.hasPrefix("${") {
                guard let end = rest.firstIndex(of: "}") else {
                    problems.append("\(path): \"${\" is not closed by \"}\"")
                    return TextTemplate(pieces: pieces)
                }
                let name = String(rest[rest.index(rest.startIndex, offsetBy: 2)..<end])
                if let value = secret(name) {
                    literal += value
                } else {
                    problems.append("\(path): the setting ${\(name)} is not set (in the environment or .env)")
                }
                rest = rest[rest.index(after: end)...]
            } else if first == "{" {
                guard let end = rest.firstIndex(of: "}") else {
                    problems.append("\(path): \"{\" is not closed by \"}\" (write {{ for a brace)")
                    return TextTemplate(pieces: pieces)
                }
                let name = String(rest[rest.index(after: rest.startIndex)..<end])
                if let placeholder = placeholder(named: name, arguments: arguments) {
                    flush()
                    pieces.append(.placeholder(placeholder))
                } else {
                    problems.append(
                        "\(path): {\(name)} is neither an argument in parameters nor one of "
                            + ContactField.allCases.map { "{contact.\($0.rawValue)}" }.joined(separator: ", "))
                }
                rest = rest[rest.index(after: end)...]
            } else if first == "}" {
                problems.append("\(path): a lone \"}\" (write }} for a brace)")
                rest = rest.dropFirst()
            } else {
                literal.append(first)
                rest = rest.dropFirst()
            }
        }
        flush()
        return TextTemplate(pieces: pieces)
    }

    static func placeholder(named name: String, arguments: Set<String>) -> Placeholder? {
        if name.hasPrefix("contact.") {
            return ContactField(rawValue: String(name.dropFirst("contact.".count))).map { .contact($0) }
        }
        return arguments.contains(name) ? .argument(name) : nil
    }
}
