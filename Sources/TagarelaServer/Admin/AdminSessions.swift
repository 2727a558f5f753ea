import Crypto
import Foundation
import Hummingbird
import TagarelaChannels
import TagarelaCore

/// Dashboard logins as signed cookies, `expiry.id.mac`, each also recorded in the database so that logging out
/// ends it on the server. MACs are keyed by a random server secret (``AdminSessionKey``), never by the password:
/// nothing a browser is given tests a password guess offline. A session's MAC covers a keyed fingerprint of
/// `ADMIN_PASSWORD`, so changing the password logs everyone out. Each form carries a CSRF token derived from the
/// session's id.
struct AdminSessions: Sendable {
    static let cookieName = "tagarela_session"
    /// Holds the nonce a login form's CSRF token is bound to, before there is a session.
    static let loginCookieName = "tagarela_login"

    private let password: String
    private let passwordDigest: SecretDigest
    private let key: AdminSessionKey
    private let store: any AdminSessionStore
    let lifetime: Duration
    /// Cookies get `Secure` when the browser came through this HTTPS address (or a trusted proxy says HTTPS).
    let publicURL: URL?

    init?(password: String?, secret: String?, store: any AdminSessionStore, lifetime: Duration, publicURL: URL?) {
        guard let password, !password.isEmpty else { return nil }
        self.password = password
        passwordDigest = SecretDigest(password)
        key = AdminSessionKey(configured: secret, store: store)
        self.store = store
        self.lifetime = lifetime
        self.publicURL = publicURL
    }

    /// Compares digests, so neither the length nor the content of the password leaks through timing.
    func passwordMatches(_ candidate: String) -> Bool {
        passwordDigest.matches(candidate)
    }

    /// A new session starting `now`, recorded until it expires; the sessions that expired go meanwhile.
    func issue(now: Date) async throws -> AdminSession {
        let expiry = Int64(now.addingTimeInterval(lifetime.timeInterval).timeIntervalSince1970)
        let id = Self.randomNonce()
        try await store.recordAdminSession(
            id: id, expiresAt: Date(timeIntervalSince1970: Double(expiry)), purgingBefore: now)
        return session(expiry: expiry, id: id, key: try await key.current())
    }

    /// The session the request's cookie proves, if it is genuine, not expired and not revoked.
    func session(of request: Request, now: Date) async throws -> AdminSession? {
        guard let value = request.cookies[Self.cookieName]?.value else { return nil }
        let parts = value.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let expiry = Int64(parts[0]), parts[1].count == 32 else { return nil }
        let candidate = session(expiry: expiry, id: String(parts[1]), key: try await key.current())
        guard SecretDigest.equal(value, candidate.cookieValue),
            Double(expiry) > now.timeIntervalSince1970
        else { return nil }
        // A genuine cookie is not enough: logging out deleted its record.
        return try await store.adminSessionIsLive(id: candidate.id, now: now) ? candidate : nil
    }

    /// The CSRF token of the login form shown with `nonce`: bound to it by the server secret alone.
    func loginToken(nonce: String) async throws -> String {
        Self.mac("login.\(nonce)", key: try await key.current())
    }

    /// Logs this session out on every instance.
    func revoke(_ session: AdminSession) async throws {
        try await store.revokeAdminSession(id: session.id)
    }

    /// Logs every session out ("Log out every session" in Settings).
    func revokeAll() async throws {
        try await store.revokeAllAdminSessions()
    }

    func cookie(_ session: AdminSession, for request: ForwardedRequest) -> Cookie {
        Cookie(
            name: Self.cookieName, value: session.cookieValue, maxAge: Int(lifetime.components.seconds), path: "/",
            secure: request.isHTTPS(publicURL: publicURL), httpOnly: true, sameSite: .strict)
    }

    func expiredCookie(named name: String, for request: ForwardedRequest) -> Cookie {
        Cookie(
            name: name, value: "", maxAge: 0, path: "/", secure: request.isHTTPS(publicURL: publicURL), httpOnly: true,
            sameSite: .strict)
    }

    func loginCookie(nonce: String, for request: ForwardedRequest) -> Cookie {
        Cookie(
            name: Self.loginCookieName, value: nonce, maxAge: 3600, path: "/admin",
            secure: request.isHTTPS(publicURL: publicURL), httpOnly: true, sameSite: .strict)
    }

    private func session(expiry: Int64, id: String, key: SymmetricKey) -> AdminSession {
        // Keyed, so it says nothing about the password to whoever holds a cookie, yet changes with the password.
        let fingerprint = Self.mac("password.\(password)", key: key)
        return AdminSession(
            id: id, cookieValue: "\(expiry).\(id).\(Self.mac("session.\(fingerprint).\(expiry).\(id)", key: key))",
            csrfToken: Self.mac("csrf.\(fingerprint).\(id)", key: key))
    }

    private static func mac(_ message: String, key: SymmetricKey) -> String {
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
    /// Random; the database records it while the session is live.
    let id: String
    let cookieValue: String
    /// Every form and script request of this session carries it.
    let csrfToken: String
}
