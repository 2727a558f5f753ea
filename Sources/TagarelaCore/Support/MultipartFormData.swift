import Foundation

/// A `multipart/form-data` body (RFC 7578), for the upload endpoints that take a file (OpenAI transcription,
/// Meta's media upload).
public struct MultipartFormData: Sendable {
    private enum Part {
        case field(name: String, value: String)
        case file(name: String, filename: String, contentType: String, bytes: Data)
    }

    private var parts: [Part] = []

    /// The `Content-Type` header, boundary included; valid only with the body `encoded()` returned.
    public private(set) var contentType = ""

    public init() {}

    public mutating func addField(_ name: String, _ value: String) {
        parts.append(.field(name: name, value: value))
    }

    public mutating func addFile(_ name: String, filename: String, contentType: String, bytes: Data) {
        parts.append(.file(name: name, filename: filename, contentType: contentType, bytes: bytes))
    }

    /// The body, with a random boundary that occurs nowhere inside it (audio bytes may hold any sequence).
    public mutating func encoded() -> Data {
        while true {
            let boundary = "tagarela-" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
            if let body = body(boundary: boundary) {
                contentType = "multipart/form-data; boundary=\(boundary)"
                return body
            }
        }
    }

    /// The body with `boundary`, or nil when a part's content contains the boundary.
    private func body(boundary: String) -> Data? {
        let marker = Data("--\(boundary)".utf8)
        var body = Data()
        for part in parts {
            let content: Data
            body.append(marker)
            switch part {
            case .field(let name, let value):
                body.append(Data("\r\nContent-Disposition: form-data; name=\"\(Self.quoted(name))\"\r\n\r\n".utf8))
                content = Data(value.utf8)
            case .file(let name, let filename, let contentType, let bytes):
                let disposition = "form-data; name=\"\(Self.quoted(name))\"; filename=\"\(Self.quoted(filename))\""
                body.append(
                    Data("\r\nContent-Disposition: \(disposition)\r\nContent-Type: \(contentType)\r\n\r\n".utf8))
                content = bytes
            }
            if content.range(of: marker) != nil { return nil }
            body.append(content)
            body.append(Data("\r\n".utf8))
        }
        body.append(marker)
        body.append(Data("--\r\n".utf8))
        return body
    }

    /// Names are ours and plain ASCII; quotes and line breaks are escaped as RFC 7578 §4.2 and browsers do.
    private static func quoted(_ text: String) -> String {
        text.replacingOccurrences(of: "\"", with: "%22").replacingOccurrences(of: "\r", with: "%0D")
            .replacingOccurrences(of: "\n", with: "%0A")
    }
}
