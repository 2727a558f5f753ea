import Crypto
import Foundation
import Hummingbird
import TagarelaChannels
import TagarelaCore

/// Dashboard logins as signed cookies: `expiry.nonce.mac`, the MAC keyed by a hash of `ADMIN_PASSWORD`. Nothing
/// is stored, so every instance behind a load balancer accepts the same login, and changing the password logs
/// everyone out. Each form carries a CSRF token derived from the session's nonce.
struct AdminSessions: Sendable {
    static let cookieName = "tagarela_session"
    /// Holds the nonce a login form's CSRF token is derived from, before there is a session.
    static let loginCookieName = "tagarela_login"

    private let key: SymmetricKey
    private let passwordDigest: SHA256.Digest
    let lifetime: Duration
    /// Cookies get `Secure` when the browser came through this HTTPS address.
    let publicURL: URL?

    init?(password: String?, lifetime: Duration, publicURL: URL?) {
        guard let password, !password.isEmpty else { return nil }
        passwordDigest = SHA256.hash(data: Data(password.utf8))
        key = SymmetricKey(data: SHA256.hash(data: Data("tagarela admin session\u{0}\(password)".utf8)))
        self.lifetime = lifetime
        self.publicURL = publicURL
    }

    /// Compares digests, so neither the length nor the content of the password leaks through timing.
    func passwordMatches(_ candidate: String) -> Bool {
        ConstantTime.equals(SHA256.hash(data: Data(candidate.utf8)), passwordDigest)
    }

    /// A new session starting `now`.
    func issue(now: Date) -> AdminSession {
        let expiry = Int64(now.addingTimeInterval(lifetime.timeInterval).timeIntervalSince1970)
        return session(expiry: expiry, nonce: Self.randomNonce())
    }

    /// The session the request's cookie proves, if it is genuine and not expired.
    func session(of request: Request, now: Date) -> AdminSession? {
        guard let value = request.cookies[Self.cookieName]?.value else { return nil }
        let parts = value.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let expiry = Int64(parts[0]), parts[1].count == 32 else { return nil }
        let candidate = session(expiry: expiry, nonce: String(parts[1]))
        guard ConstantTime.equals(Array(candidate.cookieValue.utf8), Array(value.utf8)) else { return nil }
        return Double(expiry) > now.timeIntervalSince1970 ? candidate : nil
    }

    /// The CSRF token of the login form shown with `nonce`.
    func loginToken(nonce: String) -> String { mac("login.\(nonce)") }

    func cookie(_ session: AdminSession, for request: Request) -> Cookie {
        Cookie(
            name: Self.cookieName, value: session.cookieValue, maxAge: Int(lifetime.components.seconds), path: "/",
            secure: isSecure(request), httpOnly: true, sameSite: .strict)
    }

    func expiredCookie(named name: String, for request: Request) -> Cookie {
        Cookie(
            name: name, value: "", maxAge: 0, path: "/", secure: isSecure(request), httpOnly: true, sameSite: .strict)
    }

    func loginCookie(nonce: String, for request: Request) -> Cookie {
        Cookie(
            name: Self.loginCookieName, value: nonce, maxAge: 3600, path: "/admin", secure: isSecure(request),
            httpOnly: true, sameSite: .strict)
    }

    /// Whether the browser reached us over HTTPS: through a TLS proxy that says so, or by `PUBLIC_URL`'s host.
    private func isSecure(_ request: Request) -> Bool {
        if request.headers[.init("X-Forwarded-Proto")!]?.lowercased() == "https" { return true }
        guard let publicURL, publicURL.scheme == "https", let host = publicURL.host else { return false }
        return request.head.authority?.split(separator: ":").first.map(String.init) == host
    }

    private func session(expiry: Int64, nonce: String) -> AdminSession {
        AdminSession(
            cookieValue: "\(expiry).\(nonce).\(mac("session.\(expiry).\(nonce)"))", csrfToken: mac("csrf.\(nonce)"))
    }

    private func mac(_ message: String) -> String {
        HMAC<SHA256>.authenticationCode(for: Data(message.utf8), using: key).map { String(format: "%02x", $0) }
            .joined()
    }

    static func randomNonce() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<16).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }
}

/// A logged-in operator's session.
struct AdminSession: Sendable, Equatable {
    let cookieValue: String
    /// Every form and script request of this session carries it.
    let csrfToken: String
}
