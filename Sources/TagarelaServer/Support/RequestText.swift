import Hummingbird
import TagarelaChannels

/// Text a request carries in its query string.
enum RequestText {
    /// The query parameter `name` as an HTML form's GET sends it, `+` a space and `%XX` a byte; empty when absent.
    /// Hummingbird's `queryParameters` decodes `%XX` but keeps `+`, so a search box's `?q=bolo+de+cenoura` would read
    /// back with its plus signs.
    static func query(_ name: String, in request: Request) -> String {
        FormURLEncoded.decodeLeniently(request.uri.query ?? "")[name] ?? ""
    }
}
