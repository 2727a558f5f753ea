import Foundation
import HTTPTypes

extension MediaController {
    /// The headers of every file served from `/media`, `/api/media` and `/admin/media`: a kept file can be
    /// anything a contact sent, so the browser must neither guess its type nor run it on our origin.
    ///
    /// `nosniff` holds the browser to the stated type
    /// (https://developer.mozilla.org/en-US/docs/Web/HTTP/Reference/Headers/X-Content-Type-Options); the policy
    /// loads nothing and `sandbox` gives the document an opaque origin with scripts off, should it be rendered
    /// (https://developer.mozilla.org/en-US/docs/Web/HTTP/Reference/Headers/Content-Security-Policy/sandbox).
    /// Anything but a sound or a picture is a download, never a page.
    static func headers(contentType: String, length: Int, maxAge: Int) -> HTTPFields {
        var headers: HTTPFields = [
            .contentType: contentType,
            .cacheControl: "private, max-age=\(maxAge)",
            .contentLength: String(length),
            .xContentTypeOptions: "nosniff",
            .contentSecurityPolicy: "default-src 'none'; sandbox",
        ]
        if !isPlayable(contentType) { headers[.contentDisposition] = "attachment" }
        return headers
    }

    /// Whether the type is `audio/*` or `image/*`, which the dashboard plays and shows in place.
    static func isPlayable(_ contentType: String) -> Bool {
        let type = contentType.split(separator: ";", maxSplits: 1).first ?? ""
        let top = type.split(separator: "/", maxSplits: 1).first ?? ""
        let name = top.trimmingCharacters(in: .whitespaces).lowercased()
        return name == "audio" || name == "image"
    }
}

extension HTTPField.Name {
    /// `X-Content-Type-Options`, a constant valid name: the fallback only avoids a force unwrap.
    static let xContentTypeOptions = HTTPField.Name("X-Content-Type-Options") ?? .via
}
