import Foundation
import Hummingbird
import TagarelaChannels
import TagarelaCore

/// Sends the browser to the login page (or elsewhere) instead of answering.
struct AdminRedirect: HTTPResponseError {
    let location: String
    var status: HTTPResponse.Status { .seeOther }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        Dashboard.redirect(location)
    }
}

extension Dashboard {
    /// The session of a page request. Without one, the browser is sent to log in and come back here.
    func gate(_ request: Request) async throws -> AdminSession {
        guard let sessions else {
            throw HTTPError(.notFound, message: "The dashboard is off: set ADMIN_PASSWORD to turn it on.")
        }
        guard let session = try await sessions.session(of: request, now: timeSource.now()) else {
            let next = request.method == .get ? request.uri.path : "/admin"
            throw AdminRedirect(location: "/admin/login?next=\(FormURLEncoded.percentEncode(next))")
        }
        return session
    }

    /// A form post: the session, and its CSRF token in the form's `csrf` field.
    func formPost(_ request: Request) async throws -> (AdminSession, FormParameters) {
        let session = try await gate(request)
        let form = try await Self.form(of: request)
        try Self.checkCSRF(form["csrf"], session)
        return (session, form)
    }

    /// A script's request (the playground): the session, and its CSRF token in `X-CSRF-Token`.
    func scriptPost(_ request: Request) async throws -> AdminSession {
        let session = try await gate(request)
        try Self.checkCSRF(request.headers[.init("X-CSRF-Token")!], session)
        return session
    }

    static func checkCSRF(_ token: String?, _ session: AdminSession) throws {
        guard let token, SecretDigest.equal(token, session.csrfToken) else {
            throw HTTPError(.forbidden, message: "This form has expired or did not come from the dashboard: reload it.")
        }
    }

    static func form(of request: Request) async throws -> FormParameters {
        let body = try await request.body.collect(upTo: 256 * 1024)
        do {
            return try FormURLEncoded.decode(body.readableBytesView)
        } catch {
            throw HTTPError(.badRequest, message: "The form could not be read: \(error)")
        }
    }
}
