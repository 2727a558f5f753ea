import Foundation

extension MultipartFormData {
    /// One part of a `multipart/form-data` body as read: a field, or a file when it has a `filename`.
    public struct ParsedPart: Sendable, Equatable {
        public var name: String
        public var filename: String?
        public var contentType: String?
        public var body: Data
    }

    /// The `boundary` of a `multipart/form-data` content type; nil for any other type.
    public static func boundary(ofContentType contentType: String) -> String? {
        let fields = contentType.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        guard fields.first?.lowercased() == "multipart/form-data" else { return nil }
        for field in fields.dropFirst() where field.lowercased().hasPrefix("boundary=") {
            let value = String(field.dropFirst("boundary=".count)).trimmingCharacters(in: CharacterSet(["\""]))
            return value.isEmpty ? nil : value
        }
        return nil
    }

    /// The parts of a body (RFC 7578), or nil when it is not well formed for `boundary`: CRLF line ends, a closing
    /// boundary, and a `Content-Disposition: form-data` with a name on every part. Browsers, curl and this type's
    /// own `encoded()` write it so.
    public static func parse(_ body: Data, boundary: String) -> [ParsedPart]? {
        let delimiter = Data("--\(boundary)".utf8)
        let separator = Data("\r\n--\(boundary)".utf8)
        let lineEnd = Data("\r\n".utf8)
        guard body.starts(with: delimiter) else { return nil }
        var parts: [ParsedPart] = []
        var cursor = body.startIndex + delimiter.count
        while true {
            let rest = body[cursor...]
            if rest.starts(with: Data("--".utf8)) { return parts }
            guard rest.starts(with: lineEnd),
                let headerEnd = body.range(of: Data("\r\n\r\n".utf8), in: (cursor + 2)..<body.endIndex),
                let next = body.range(of: separator, in: headerEnd.upperBound..<body.endIndex),
                let part = part(
                    headers: body[(cursor + 2)..<headerEnd.lowerBound],
                    body: body[headerEnd.upperBound..<next.lowerBound])
            else { return nil }
            parts.append(part)
            cursor = next.upperBound
        }
    }

    private static func part(headers: Data, body: Data) -> ParsedPart? {
        var name: String?
        var filename: String?
        var contentType: String?
        for line in String(decoding: headers, as: UTF8.self).components(separatedBy: "\r\n") {
            let pieces = line.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pieces.count == 2 else { return nil }
            switch pieces[0].lowercased() {
            case "content-disposition":
                guard pieces[1].lowercased().hasPrefix("form-data") else { return nil }
                name = parameter("name", in: pieces[1])
                filename = parameter("filename", in: pieces[1])
            case "content-type": contentType = pieces[1]
            default: break
            }
        }
        guard let name else { return nil }
        return ParsedPart(name: name, filename: filename, contentType: contentType, body: Data(body))
    }

    /// `key="value"` (or `key=value`) inside a header value; a quoted value may hold `;`.
    private static func parameter(_ key: String, in value: String) -> String? {
        var rest = Substring(value)
        while let start = rest.range(of: "\(key)=") {
            let before = rest[..<start.lowerBound].last
            rest = rest[start.upperBound...]
            // `name=` inside `filename=` is not the name.
            guard before == nil || before == ";" || before == " " else { continue }
            if rest.first == "\"" {
                return String(rest.dropFirst().prefix { $0 != "\"" })
            }
            return String(rest.prefix { $0 != ";" }).trimmingCharacters(in: .whitespaces)
        }
        return nil
    }
}
