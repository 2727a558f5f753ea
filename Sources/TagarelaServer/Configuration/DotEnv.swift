import Foundation

/// Parses `.env` files: `KEY=value` and `export KEY=value` lines, `#` comments, and quoted values.
///
/// Unquoted values are trimmed and end at ` #` (an inline comment). Single quotes are literal.
/// Double quotes understand `\n`, `\t`, `\r`, `\"`, `\\` and `\$`; any other backslash is kept as is.
/// Quoted values may span several lines. `${VAR}` is not expanded. A key given twice keeps its last value.
public enum DotEnv {
    /// The variables in `contents`; throws a ``ConfigurationError`` naming the first malformed line.
    public static func parse(_ contents: String) throws(ConfigurationError) -> [String: String] {
        var text = contents.replacingOccurrences(of: "\r\n", with: "\n")
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        // Characters, not Strings, so a quoted value can be scanned across line ends with plain indices.
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { Array($0) }
        var values: [String: String] = [:]
        var next = 0
        while next < lines.count {
            let number = next + 1
            var line = trimmingLeadingWhitespace(lines[next][...])
            next += 1
            if line.isEmpty || line.first == "#" { continue }
            if line.starts(with: "export"), line.count > 6, line[line.startIndex + 6].isWhitespace {
                line = trimmingLeadingWhitespace(line.dropFirst(6))
            }
            guard let equals = line.firstIndex(of: "=") else {
                throw .dotEnv(line: number, "expected KEY=value, e.g. PORT=8080")
            }
            let key = String(line[..<equals]).trimmingCharacters(in: .whitespaces)
            guard isValidKey(key) else {
                throw .dotEnv(
                    line: number,
                    "\(ConfigurationError.quoted(key)) is not a variable name (letters, digits and _, not starting with a digit)"
                )
            }
            let rest = line[(equals + 1)...]
            let value = trimmingLeadingWhitespace(rest)
            if let quote = value.first, quote == "\"" || quote == "'" {
                values[key] = try quotedValue(
                    value.dropFirst(), quote: quote, key: key, line: number, lines: lines, next: &next)
            } else {
                values[key] = unquotedValue(rest)
            }
        }
        return values
    }

    /// The contents of the file at `path`, or nil when there is no such file.
    public static func read(path: String) throws(ConfigurationError) -> String? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        guard let contents = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw ConfigurationError(
                setting: nil, message: "cannot read the .env file \(ConfigurationError.quoted(path))")
        }
        return contents
    }

    /// Reads a quoted value from just after its opening quote, moving on to later lines until it closes.
    private static func quotedValue(
        _ start: ArraySlice<Character>, quote: Character, key: String, line: Int,
        lines: [[Character]], next: inout Int
    ) throws(ConfigurationError) -> String {
        var value = ""
        var chunk = start
        while true {
            var index = chunk.startIndex
            while index < chunk.endIndex {
                let character = chunk[index]
                if character == quote {
                    let after = trimmingLeadingWhitespace(chunk[(index + 1)...])
                    guard after.isEmpty || after.first == "#" else {
                        throw .dotEnv(line: next, "unexpected text after the closing quote of \(key)")
                    }
                    return value
                }
                if quote == "\"", character == "\\", index + 1 < chunk.endIndex {
                    value += unescaped(chunk[index + 1])
                    index += 2
                    continue
                }
                value.append(character)
                index += 1
            }
            guard next < lines.count else {
                throw .dotEnv(line: line, "the quoted value of \(key) is never closed")
            }
            value.append("\n")
            chunk = lines[next][...]
            next += 1
        }
    }

    /// An unquoted value: everything up to a `#` that follows whitespace, trimmed.
    private static func unquotedValue(_ rest: ArraySlice<Character>) -> String {
        var end = rest.endIndex
        for index in rest.indices.dropFirst() where rest[index] == "#" && rest[index - 1].isWhitespace {
            end = index
            break
        }
        return String(rest[..<end]).trimmingCharacters(in: .whitespaces)
    }

    private static func unescaped(_ character: Character) -> String {
        switch character {
        case "n": "\n"
        case "t": "\t"
        case "r": "\r"
        case "\"", "\\", "$": String(character)
        default: "\\" + String(character)
        }
    }

    private static func isValidKey(_ key: String) -> Bool {
        guard let first = key.unicodeScalars.first, !("0"..."9").contains(first) else { return false }
        return key.unicodeScalars.allSatisfy {
            $0.isASCII && ($0 == "_" || $0.properties.isAlphabetic || ("0"..."9").contains($0))
        }
    }

    private static func trimmingLeadingWhitespace(_ slice: ArraySlice<Character>) -> ArraySlice<Character> {
        slice.drop { $0.isWhitespace }
    }
}
