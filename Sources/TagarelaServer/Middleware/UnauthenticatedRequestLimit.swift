import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Synchronization
import TagarelaChannels

/// Caps the requests in flight that carry no credential at all (no webhook signature, no bearer token, no
/// dashboard cookie), answering `503` with `Retry-After` beyond the cap (`MAX_UNAUTHENTICATED_REQUESTS`), so a
/// stranger's flood of slow or many requests cannot exhaust memory or connections' worth of work.
///
/// A request that names a credential is never counted nor shed here: a correctly signed webhook must never be
/// refused for load, because Twilio does not reliably deliver again after a 5xx. A stranger who adds a made-up
/// credential gains nothing but the route's own check, which refuses it after reading at most the route's body
/// limit.
struct UnauthenticatedRequestLimit<Context: RequestContext>: RouterMiddleware {
    let limit: Int
    let inFlight: InFlightRequests

    init(limit: Int, inFlight: InFlightRequests = InFlightRequests()) {
        self.limit = limit
        self.inFlight = inFlight
    }

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        if CredentialHeaders.named(in: request) { return try await next(request, context) }
        guard inFlight.enter(limit: limit) else {
            context.logger.warning("too many requests without credentials in flight; answered 503")
            return Response(
                status: .serviceUnavailable, headers: [.retryAfter: "1", .contentType: "application/json"],
                body: .init(
                    byteBuffer: ByteBuffer(string: #"{"error":{"message":"Busy: try again in a second."}}"#)))
        }
        defer { inFlight.leave() }
        return try await next(request, context)
    }
}

/// The requests without credentials in flight, shared by every request of one server.
final class InFlightRequests: Sendable {
    private let count = Atomic<Int>(0)

    /// Takes a place if one is free.
    func enter(limit: Int) -> Bool {
        if count.wrappingAdd(1, ordering: .acquiringAndReleasing).newValue > limit {
            count.wrappingSubtract(1, ordering: .acquiringAndReleasing)
            return false
        }
        return true
    }

    func leave() { count.wrappingSubtract(1, ordering: .acquiringAndReleasing) }

    var current: Int { count.load(ordering: .acquiring) }
}

/// Whether a request names a credential of some kind; whether it is genuine is the route's to decide.
enum CredentialHeaders {
    static let names: [HTTPField.Name] = [
        HTTPField.Name(TwilioSignatureValidator.signatureHeader)!,
        HTTPField.Name(MetaSignatureValidator.signatureHeader)!,
        .authorization,
    ]

    static func named(in request: Request) -> Bool {
        if names.contains(where: { request.headers[$0] != nil }) { return true }
        return request.headers[values: .cookie].contains { $0.contains(AdminSessions.cookieName + "=") }
    }
}
