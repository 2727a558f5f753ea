import Foundation
import HTTPTypes
import Hummingbird
import Synchronization
import TagarelaChannels
import TagarelaCore

/// The dashboard's way in while `ADMIN_PASSWORD` is unset: one random token, printed on the terminal at start-up,
/// that logs in one browser once, within `lifetime`, from this machine only. Only the token's SHA-256 digest is
/// kept, and a candidate is compared digest to digest in constant time (``SecretDigest``).
final class FirstRunLogin: Sendable {
    /// What the server prints at start-up (a log line, in English like every log line).
    static func announcement(_ link: String) -> String {
        "ADMIN_PASSWORD is not set: open \(link) in a browser on this machine to log in to the dashboard once "
            + "(valid 15 minutes); set ADMIN_PASSWORD to keep it"
    }

    /// How long the printed link works.
    static let lifetime: Duration = .seconds(15 * 60)
    static let path = "/admin/first-run"

    private struct State {
        var used = false
    }

    private let digest: SecretDigest
    let expiresAt: Date
    /// Signs the sessions the link opens in place of a password: random, so they end when the server stops.
    let sessionKey: String
    private let state = Mutex(State())

    private init(token: String, expiresAt: Date) {
        digest = SecretDigest(token)
        self.expiresAt = expiresAt
        sessionKey = AdminSessions.randomNonce() + AdminSessions.randomNonce()
    }

    /// A new login and its token (128 random bits, hex), valid for `lifetime` from `now`.
    static func make(now: Date) -> (login: FirstRunLogin, token: String) {
        let token = AdminSessions.randomNonce()
        return (FirstRunLogin(token: token, expiresAt: now.addingTimeInterval(lifetime.timeInterval)), token)
    }

    /// The link to print: the dashboard on this machine's own address.
    static func link(port: Int, token: String) -> String {
        "http://localhost:\(port)\(path)?token=\(token)"
    }

    /// Why a redemption was refused, in the words shown to the browser.
    enum Refusal: Error, Equatable {
        case wrong, used, expired, notThisMachine
    }

    /// Spends the token: the first right candidate before `expiresAt` wins, every later one is refused.
    func redeem(_ candidate: String, now: Date) throws(Refusal) {
        // The digest is compared before anything is said about the link's state: a wrong guess learns nothing.
        guard digest.matches(candidate) else { throw .wrong }
        guard now < expiresAt else { throw .expired }
        let first = state.withLock { state in
            defer { state.used = true }
            return !state.used
        }
        guard first else { throw .used }
    }

    /// Whether the request came from a browser on this machine: a loopback peer, no proxy in between (a proxy or
    /// tunnel on this machine connects from loopback too, and says so in its forwarding headers), and a loopback
    /// host asked for (a tunnel that adds no header still names its public host).
    static func isFromThisMachine(_ request: Request, peer: IPAddress?) -> Bool {
        guard let peer, peer.isLoopback else { return false }
        let forwarding = ["X-Forwarded-For", "X-Forwarded-Host", "X-Forwarded-Proto", "Forwarded", "X-Real-IP"]
        guard !forwarding.contains(where: { request.headers[HTTPField.Name($0)!] != nil }) else { return false }
        guard let authority = request.head.authority else { return false }
        return isLoopbackHost(authority)
    }

    /// `localhost`, `127.0.0.1`, `[::1]`, with or without a port.
    static func isLoopbackHost(_ authority: String) -> Bool {
        var host = Substring(authority.lowercased())
        if host.hasPrefix("[") {
            host = host.dropFirst().prefix { $0 != "]" }
        } else if let colon = host.lastIndex(of: ":") {
            host = host[..<colon]
        }
        if host == "localhost" || host.hasSuffix(".localhost") { return true }
        return IPAddress(host)?.isLoopback == true
    }
}
