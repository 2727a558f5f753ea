import Foundation
import Hummingbird
import Logging
import TagarelaChannels
import TagarelaCore

extension Dashboard {
    /// Checks the password of a login form whose CSRF token is good, under the ``LoginThrottle``: too many
    /// failures answer 429 with `Retry-After` and say so on the login page. Every outcome is logged with the
    /// client's address and the time (never the password) and counted in `tagarela_admin_logins_total`.
    func attemptLogin(
        _ request: Request, _ forwarded: ForwardedRequest, context: some RequestContext, sessions: AdminSessions,
        form: FormParameters
    ) async throws -> Response {
        let client = LoginThrottle.key(forwarded.client)
        let metadata: Logger.Metadata = [
            "client": .string(client), "at": .string(ISO8601DateFormatter().string(from: timeSource.now())),
        ]
        if case .throttled(let retryAfter, let global) = try await throttle.admit(client) {
            metrics.adminLogin(.throttled)
            let seconds = max(1, Int(retryAfter.timeInterval.rounded(.up)))
            context.logger.warning(
                "admin login refused: too many failed logins \(global ? "from everywhere" : "from this address")",
                metadata: metadata.merging(["retry_after_s": .stringConvertible(seconds)]) { $1 })
            let error = locale(request).text.login.throttled(global, seconds)
            // 429 and Retry-After in whole seconds (RFC 6585 §4, RFC 9110 §10.2.3).
            return try await loginPage(
                request, forwarded, sessions: sessions, error: error, status: .tooManyRequests,
                headers: [.retryAfter: String(seconds)])
        }
        guard sessions.passwordMatches(form["password"] ?? "") else {
            metrics.adminLogin(.failure)
            context.logger.warning("admin login failed: wrong password", metadata: metadata)
            try await throttle.failed()
            return try await loginPage(
                request, forwarded, sessions: sessions, error: locale(request).text.login.wrongPassword,
                status: .unauthorized)
        }
        await throttle.succeeded(client)
        metrics.adminLogin(.success)
        context.logger.notice("admin login", metadata: metadata)
        let next = form["next"].flatMap { $0.hasPrefix("/admin") && !$0.hasPrefix("/admin/login") ? $0 : nil }
        var response = Self.redirect(next ?? "/admin")
        response.setCookie(sessions.cookie(try await sessions.issue(now: timeSource.now()), for: forwarded))
        response.setCookie(sessions.expiredCookie(named: AdminSessions.loginCookieName, for: forwarded))
        return response
    }
}
