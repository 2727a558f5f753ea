import Foundation

/// One part of a `multipart/form-data` body as the fake parsed it.
struct FormPart {
    var name: String
    var filename: String?
    var contentType: String?
    var body: Data
}

/// Parses `multipart/form-data` (RFC 7578) strictly enough to catch a client that gets the framing wrong:
/// CRLF line ends, a closing boundary, and a `Content-Disposition` with a name on every part.
enum MultipartParser {
    static func boundary(ofContentType contentType: String) -> String? {
        let fields = contentType.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        guard fields.first?.lowercased() == "multipart/form-data" else { return nil }
        for field in fields.dropFirst() where field.lowercased().hasPrefix("boundary=") {
            let value = field.dropFirst("boundary=".count)
            return String(value.trimmingCharacters(in: CharacterSet(charactersIn: "\"")))
        }
        return nil
    }

    /// The parts, or nil when the body is not well-formed for `boundary`.
    static func parse(_ body: Data, boundary: String) -> [FormPart]? {
        let delimiter = Data("--\(boundary)".utf8)
        let separator = Data("\r\n--\(boundary)".utf8)
        guard body.starts(with: delimiter) else { return nil }
        var parts: [FormPart] = []
        var cursor = body.startIndex + delimiter.count
        while true {
            let rest = body[cursor...]
            if rest.starts(with: Data("--".utf8)) { return parts }
            guard rest.starts(with: Data("\r\n".utf8)),
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

    private static func part(headers: Data, body: Data) -> FormPart? {
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
        return FormPart(name: name, filename: filename, contentType: contentType, body: Data(body))
    }

    /// `name="value"` inside a header value.
    private static func parameter(_ key: String, in value: String) -> String? {
        for field in value.split(separator: ";").map({ $0.trimmingCharacters(in: .whitespaces) }) {
            guard field.hasPrefix("\(key)=") else { continue }
            return String(field.dropFirst(key.count + 1)).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        }
        return nil
    }
}
