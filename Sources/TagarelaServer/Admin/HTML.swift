import Hummingbird
import NIOCore

/// A fragment of HTML. Interpolated strings are escaped; interpolated `HTML` is inserted as it is. So a page is
/// written as a string literal and a contact's name can never become markup.
struct HTML: Sendable, Equatable, ExpressibleByStringInterpolation, ResponseGenerator {
    private(set) var rendered: String

    init(raw: String) {
        rendered = raw
    }

    init(stringLiteral value: String) {
        rendered = value
    }

    init(stringInterpolation: Interpolation) {
        rendered = stringInterpolation.rendered
    }

    struct Interpolation: StringInterpolationProtocol {
        var rendered = ""

        init(literalCapacity: Int, interpolationCount: Int) {
            rendered.reserveCapacity(literalCapacity + interpolationCount * 16)
        }

        mutating func appendLiteral(_ literal: String) { rendered += literal }
        mutating func appendInterpolation(_ html: HTML) { rendered += html.rendered }
        mutating func appendInterpolation(_ html: [HTML]) { rendered += html.map(\.rendered).joined() }
        mutating func appendInterpolation(_ text: String) { rendered += HTML.escape(text) }
        mutating func appendInterpolation(_ text: String?) { rendered += HTML.escape(text ?? "") }
        mutating func appendInterpolation(_ number: Int) { rendered += String(number) }
        mutating func appendInterpolation(_ number: Int64) { rendered += String(number) }
    }

    /// Escapes the five characters that could end a text node or an attribute value.
    static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.append(character)
            }
        }
        return escaped
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        Response(
            status: .ok, headers: AdminHeaders.page,
            body: ResponseBody(byteBuffer: ByteBuffer(string: rendered)))
    }
}

/// The headers of every dashboard response: no caching of private pages, no framing, scripts and styles only
/// from this server (the pages carry no inline script).
enum AdminHeaders {
    static let security: HTTPFields = [
        .cacheControl: "no-store",
        .contentSecurityPolicy:
            "default-src 'self'; img-src 'self' data:; media-src 'self'; frame-ancestors 'none'; form-action 'self'",
        .init("X-Frame-Options")!: "DENY",
        .init("X-Content-Type-Options")!: "nosniff",
        .init("Referrer-Policy")!: "same-origin",
    ]

    static var page: HTTPFields {
        var fields = security
        fields[.contentType] = "text/html; charset=utf-8"
        return fields
    }
}
