import Foundation
import HTTPTypes
import Hummingbird

/// Adds `Strict-Transport-Security: max-age=31536000` to every dashboard response (`/admin…`, errors and redirects
/// included) when `PUBLIC_URL` is https or a trusted proxy says the browser came over HTTPS: for a year the
/// browser then reaches the dashboard only over HTTPS, so a network attacker cannot downgrade a later visit and
/// read the session cookie. `includeSubDomains` is left off: the dashboard cannot speak for every host of the
/// domain. Browsers ignore the header over plain HTTP (RFC 6797 §8.1,
/// https://developer.mozilla.org/en-US/docs/Web/HTTP/Reference/Headers/Strict-Transport-Security).
struct StrictTransportSecurity<Context: RemoteAddressRequestContext>: RouterMiddleware {
    static var header: HTTPField.Name { .strictTransportSecurity }
    static var value: String { "max-age=31536000" }

    let publicURL: URL?
    let trustedProxies: TrustedProxies

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let path = request.uri.path
        guard path == "/admin" || path.hasPrefix("/admin/") else { return try await next(request, context) }
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as any HTTPResponseError {
            // The login redirect and the dashboard's error pages are dashboard responses too.
            response = try error.response(from: request, context: context)
        }
        let forwarded = ForwardedRequest(request, context: context, trusting: trustedProxies)
        if publicURL?.scheme == "https" || forwarded.forwardedHTTPS {
            response.headers[Self.header] = Self.value
        }
        return response
    }
}
