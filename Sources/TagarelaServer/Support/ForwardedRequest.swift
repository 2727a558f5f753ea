import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import TagarelaChannels

/// What a request says about where it came from, believing `X-Forwarded-For` and `X-Forwarded-Proto` only when
/// the peer that connected is a trusted proxy (`TRUSTED_PROXIES`). Every reader of the client's address or of
/// the scheme goes through this type: a header anyone can send must not decide a rate limit's key or a cookie flag.
struct ForwardedRequest: Sendable {
    static let forwardedFor = HTTPField.Name("X-Forwarded-For")!
    static let forwardedProto = HTTPField.Name("X-Forwarded-Proto")!
    static let forwardedHost = HTTPField.Name("X-Forwarded-Host")!

    /// The client: the peer itself, or behind trusted proxies the first untrusted address of `X-Forwarded-For`
    /// read from the right; nil only when the connection has no IP peer (a test channel, a Unix socket).
    let client: IPAddress?
    /// A trusted proxy says the browser reached it over HTTPS.
    let forwardedHTTPS: Bool
    /// The `Host` the browser asked for.
    let authority: String?
    /// The host the client asked for: a trusted proxy's `X-Forwarded-Host`, else `Host`.
    let host: String?

    init(_ request: Request, context: some RemoteAddressRequestContext, trusting proxies: TrustedProxies) {
        self.init(request, peer: context.remoteAddress?.ipAddress.flatMap { IPAddress($0) }, trusting: proxies)
    }

    init(_ request: Request, peer: IPAddress?, trusting proxies: TrustedProxies) {
        authority = request.head.authority
        guard proxies.trusts(peer) else {
            client = peer
            forwardedHTTPS = false
            host = authority
            return
        }
        // Each proxy appends the address it was connected from, so only the right end is written by proxies we
        // trust; the first address from the right that is not one of them is the client. Everything to its left
        // is whatever the client chose to send. (MDN, "Selecting an IP address":
        // https://developer.mozilla.org/en-US/docs/Web/HTTP/Reference/Headers/X-Forwarded-For#selecting_an_ip_address)
        var client = peer
        for hop in Self.values(request, Self.forwardedFor).reversed() {
            // A hop that is no address stops the walk at the last proxy that vouched for it.
            guard let address = IPAddress(forwarded: hop) else { break }
            client = address
            if !proxies.trusts(address) { break }
        }
        self.client = client
        // The value the proxy that connected to us wrote is the right-most one.
        forwardedHTTPS = Self.values(request, Self.forwardedProto).last?.lowercased() == "https"
        host = Self.values(request, Self.forwardedHost).last ?? authority
    }

    /// Whether the browser reached us over HTTPS: through a trusted TLS proxy that says so, or at `PUBLIC_URL`'s
    /// host when that URL is https.
    func isHTTPS(publicURL: URL?) -> Bool {
        if forwardedHTTPS { return true }
        guard let publicURL, publicURL.scheme == "https", let host = publicURL.host else { return false }
        return authority?.split(separator: ":").first.map(String.init) == host
    }

    /// Every comma-separated value of every field named `name`, trimmed, in order.
    private static func values(_ request: Request, _ name: HTTPField.Name) -> [String] {
        request.headers[values: name].flatMap { $0.split(separator: ",") }
            .map { $0.trimmingCharacters(in: .whitespaces) }
    }
}
