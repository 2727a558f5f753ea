import Foundation

extension S3Error {
    /// The error an S3 answer with a failure `status` means. `body` is the XML error document
    /// (`<Error><Code>NoSuchKey</Code><Message>…</Message>…</Error>`), empty for HEAD.
    static func from(status: Int, body: String, key: String?) -> S3Error {
        let code = element("Code", in: body)
        let message = element("Message", in: body).map { String($0.prefix(300)) }
        switch (status, code) {
        case (404, "NoSuchKey"?), (404, nil):
            return key.map { .notFound(key: $0) } ?? .http(status: status, code: code, message: message)
        case (_, "SignatureDoesNotMatch"?):
            return .signatureDoesNotMatch(message: message)
        case (403, _):
            return .accessDenied(code: code, message: message)
        default:
            return .http(status: status, code: code, message: message)
        }
    }

    /// The text of the first `<name>` element. The error document is flat and small: a search is enough, and no
    /// XML parser (FoundationXML on Linux) is needed for it.
    static func element(_ name: String, in document: String) -> String? {
        guard let open = document.range(of: "<\(name)>"),
            let close = document.range(of: "</\(name)>", range: open.upperBound..<document.endIndex)
        else { return nil }
        return unescaped(String(document[open.upperBound..<close.lowerBound]))
    }

    private static func unescaped(_ text: String) -> String {
        [("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&apos;", "'"), ("&amp;", "&")].reduce(text) {
            $0.replacingOccurrences(of: $1.0, with: $1.1)
        }
    }
}
