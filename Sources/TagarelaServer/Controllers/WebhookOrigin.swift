import Foundation
import Hummingbird
import Logging
import Synchronization
import TagarelaCore

/// The origin (`scheme://host[:port]`) a Twilio webhook's signature is computed over: `PUBLIC_URL` when set;
/// otherwise the one the request itself names, as Twilio's helper libraries do behind a proxy (the scheme from
/// `X-Forwarded-Proto`, the host from `X-Forwarded-Host` or `Host`, forwarded headers believed only from
/// `TRUSTED_PROXIES`; https://www.twilio.com/docs/usage/security#validating-requests). The origin of a correctly
/// signed request is kept in the database, the base of links handed out later when no request is at hand.
final class WebhookOrigin: Sendable {
    let publicURL: String?
    let trustedProxies: TrustedProxies
    let store: (any WebhookOriginStore)?
    let timeSource: any TimeSource
    let logger: Logger
    /// The origin last written, so that a webhook writes only when its origin is new.
    private let recorded = Mutex<String?>(nil)

    init(
        publicURL: String?, trustedProxies: TrustedProxies, store: (any WebhookOriginStore)?,
        timeSource: any TimeSource, logger: Logger
    ) {
        self.publicURL = publicURL
        self.trustedProxies = trustedProxies
        self.store = store
        self.timeSource = timeSource
        self.logger = logger
    }

    /// The one origin this request's signature must be computed over; nil for a request that names no host.
    func base(of request: Request, context: some RemoteAddressRequestContext) -> String? {
        if let publicURL { return publicURL }
        let forwarded = ForwardedRequest(request, context: context, trusting: trustedProxies)
        guard let host = forwarded.host, !host.isEmpty, !host.contains(where: { "/?#@ ".contains($0) }) else {
            return nil
        }
        return "\(forwarded.forwardedHTTPS ? "https" : "http")://\(host)"
    }

    /// Keeps `base`, the origin of a correctly signed webhook, when no `PUBLIC_URL` is set.
    func signed(_ base: String) async {
        guard publicURL == nil, let store else { return }
        let isNew = recorded.withLock { last in
            defer { last = base }
            return last != base
        }
        guard isNew else { return }
        do {
            try await store.recordWebhookOrigin(base, at: timeSource.now())
        } catch {
            recorded.withLock { $0 = nil }
            logger.warning("the webhook origin could not be kept", metadata: ["error": "\(error)"])
        }
    }
}
