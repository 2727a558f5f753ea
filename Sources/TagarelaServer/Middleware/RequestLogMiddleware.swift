import Foundation
import Hummingbird
import Logging
import TagarelaCore

/// Gives each request an id (the caller's `X-Request-Id` if sane, else a new one), puts it in the request's
/// logger as `request_id` and in the response's `X-Request-Id`, logs one line per request, and counts it.
///
/// The line names the matched route pattern (`/memory-status/{id}`), never the path the caller sent: a path
/// can hold a phone number and a query a secret (Meta's `hub.verify_token`). Errors
/// become responses here, not further out, so that error responses carry the id and are logged with their
/// status; Hummingbird would log an unexpected error only at debug level.
struct RequestLogMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: ServerMetrics
    /// Paths a monitor polls every few seconds: their lines go to debug, so the info log stays readable.
    var quietPaths: Set<String> = ["/health", "/metrics"]

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let started = ContinuousClock.now
        let id = RequestID.resolve(request.headers[.requestID])
        var context = context
        context.logger[metadataKey: "request_id"] = .string(id)
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as any HTTPResponseError {
            response = try error.response(from: request, context: context)
        } catch {
            context.logger.error("request failed", metadata: ["error": "\(String(reflecting: error))"])
            response = Response(status: .internalServerError)
        }
        response.headers[.requestID] = id
        let duration = ContinuousClock.now - started
        let route = Self.route(context)
        context.logger.log(
            level: quietPaths.contains(route ?? "") ? .debug : .info, "request",
            metadata: [
                "method": .string(request.method.rawValue), "route": .string(route ?? Self.noRoute),
                "status": .stringConvertible(response.status.code),
                "duration_ms": .string(String(format: "%.1f", duration.timeInterval * 1000)),
            ])
        metrics.requestServed(
            method: request.method.rawValue, route: route ?? "unmatched", status: response.status.code,
            duration: duration)
        return response
    }

    /// What the log shows for a request no route matched: the path itself would be the caller's text.
    static var noRoute: String { "(no route)" }

    /// The pattern of the route that answered, nil when none matched. Hummingbird's router stores it in
    /// `endpointPath` once it resolves the path, and `NotFound` when nothing matches
    /// (https://docs.hummingbird.codes/2.0/documentation/hummingbird/requestcontext/endpointpath).
    static func route(_ context: Context) -> String? {
        guard let path = context.endpointPath, path != "NotFound" else { return nil }
        return path
    }
}
