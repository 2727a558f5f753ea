import Foundation
import Hummingbird
import TagarelaChannels
import TagarelaCore

extension Dashboard {
    func addLogin(to router: Router<some RemoteAddressRequestContext>) {
        router.get("/admin/login") { request, context in
            guard let sessions else {
                throw HTTPError(.notFound, message: "The dashboard is off: set ADMIN_PASSWORD to turn it on.")
            }
            if try await sessions.session(of: request, now: timeSource.now()) != nil { return Self.redirect("/admin") }
            return try await loginPage(
                request, forwarded(request, context), sessions: sessions, error: nil, status: .ok)
        }
        router.post("/admin/login") { request, context in
            // The one-time link's sessions have no password to type.
            guard let sessions, firstRun == nil else {
                throw HTTPError(.notFound, message: "The dashboard is off: set ADMIN_PASSWORD to turn it on.")
            }
            let forwarded = forwarded(request, context)
            let form = try await Self.form(of: request)
            // The form's token must match the nonce cookie the login page set: a page elsewhere cannot log a
            // browser in to an account of its choosing.
            guard let nonce = request.cookies[AdminSessions.loginCookieName]?.value,
                let token = form["csrf"],
                SecretDigest.equal(token, try await sessions.loginToken(nonce: nonce))
            else {
                return try await loginPage(
                    request, forwarded, sessions: sessions, error: locale(request).text.login.expired,
                    status: .forbidden)
            }
            return try await attemptLogin(request, forwarded, context: context, sessions: sessions, form: form)
        }
        router.post("/admin/logout") { request, context in
            let (session, _) = try await formPost(request)
            // Ended on the server: a copy of the cookie kept elsewhere is refused from now on.
            try await sessions?.revoke(session)
            return loggedOut(forwarded(request, context))
        }
        router.post("/admin/sessions/logout-all") { request, context in
            _ = try await formPost(request)
            try await sessions?.revokeAll()
            return loggedOut(forwarded(request, context))
        }
    }

    /// To the login page, the session cookie cleared.
    private func loggedOut(_ request: ForwardedRequest) -> Response {
        var response = Self.redirect("/admin/login")
        if let sessions {
            response.setCookie(sessions.expiredCookie(named: AdminSessions.cookieName, for: request))
        }
        return response
    }

    func loginPage(
        _ request: Request, _ forwarded: ForwardedRequest, sessions: AdminSessions, error: String?,
        status: HTTPResponse.Status, headers extra: HTTPFields = [:]
    ) async throws -> Response {
        let nonce = AdminSessions.randomNonce()
        let token = try await sessions.loginToken(nonce: nonce)
        let next = request.uri.queryParameters.get("next") ?? ""
        let message: HTML = error.map { "<p class=\"error\" role=\"alert\">\($0)</p>" } ?? ""
        let locale = locale(request)
        let text = locale.text.login
        let page =
            firstRun != nil
            ? AdminLayout.document(
                text.title, language: locale.language,
                "<main class=\"welcome\"><h1>Tagarela</h1><p id=\"first-run-hint\">\(locale.text.firstRun.loginHint)</p></main>"
            )
            : AdminLayout.document(
                text.title, language: locale.language,
                """
                <form class="login" method="post" action="/admin/login">
                <h1>Tagarela</h1>\(message)
                <label for="password">\(text.password)</label>
                <input id="password" name="password" type="password" autocomplete="current-password" required autofocus>
                <input type="hidden" name="csrf" value="\(token)">
                <input type="hidden" name="next" value="\(next)">
                <button type="submit" id="login">\(text.title)</button>
                </form>
                """)
        var headers = AdminHeaders.page
        headers.append(contentsOf: extra)
        var response = Response(
            status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: page.rendered)))
        response.setCookie(sessions.loginCookie(nonce: nonce, for: forwarded))
        return response
    }
}
