import Foundation
import Hummingbird
import Logging
import TagarelaCore

/// Gives each request an id (the caller's `X-Request-Id` if sane, else a new one), puts it in the request's
/// logger as `request_id` and in the response's `X-Request-Id`, logs one line per request, and counts it.
///
/// The line names the path without its query: a query can hold a secret (Meta's `hub.verify_token`). Errors
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
        // A scanner's path can be anything: enough of it to recognise, not a whole line of it.
        let path = String(request.uri.path.prefix(200))
        context.logger.log(
            level: quietPaths.contains(path) ? .debug : .info, "request",
            metadata: [
                "method": .string(request.method.rawValue), "path": .string(path),
                "status": .stringConvertible(response.status.code),
                "duration_ms": .string(String(format: "%.1f", duration.timeInterval * 1000)),
            ])
        metrics.requestServed(
            method: request.method.rawValue, route: context.endpointPath ?? "unmatched", status: response.status.code,
            duration: duration)
        return response
    }
}
