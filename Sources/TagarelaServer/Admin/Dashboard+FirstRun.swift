import Foundation
import Hummingbird
import TagarelaChannels
import TagarelaCore

extension Dashboard {
    /// `GET /admin/first-run?token=…`: the link printed at start-up without `ADMIN_PASSWORD` opens an ordinary
    /// dashboard session, once, from this machine.
    func addFirstRun(to router: Router<some RemoteAddressRequestContext>) {
        router.get(RouterPath(FirstRunLogin.path)) { request, context in
            guard let firstRun, let sessions else {
                throw HTTPError(.notFound, message: "There is no one-time link: log in with ADMIN_PASSWORD.")
            }
            let peer = context.remoteAddress?.ipAddress.flatMap { IPAddress($0) }
            do throws(FirstRunLogin.Refusal) {
                guard FirstRunLogin.isFromThisMachine(request, peer: peer) else { throw .notThisMachine }
                try firstRun.redeem(request.uri.queryParameters.get("token") ?? "", now: timeSource.now())
            } catch {
                return firstRunRefused(error, locale(request))
            }
            let session = try await sessions.issue(now: timeSource.now())
            var response = Self.redirect("/admin")
            response.setCookie(sessions.cookie(session, for: forwarded(request, context)))
            return response
        }
    }

    /// The banner on every page of a session the link opened.
    func firstRunBanner(_ text: DashboardText.FirstRun) -> HTML {
        guard firstRun != nil else { return "" }
        return """
            <div class="banner" id="first-run-banner" role="status"><strong>\(text.bannerTitle)</strong> \
            \(text.banner)</div>
            """
    }

    private func firstRunRefused(_ refusal: FirstRunLogin.Refusal, _ locale: DashboardLocale) -> Response {
        let text = locale.text.firstRun
        let page = AdminLayout.document(
            text.refusedTitle, language: locale.language,
            """
            <main class="welcome"><h1>\(text.refusedTitle)</h1>
            <p class="error" role="alert">\(text.refusal(refusal))</p></main>
            """)
        return Response(
            status: .forbidden, headers: AdminHeaders.page,
            body: ResponseBody(byteBuffer: ByteBuffer(string: page.rendered)))
    }
}
