import Hummingbird
import TagarelaCore

extension ServerMetrics {
    /// Counts one webhook delivery.
    func webhookReceived(_ channel: ChannelKind, _ outcome: WebhookOutcome) {
        count(MetricCatalog.webhooksReceived, [("channel", channel.rawValue), ("outcome", outcome.rawValue)])
    }

    /// Runs a webhook handler and counts a delivery it refuses, by the refusal's status. What a handler
    /// accepts it counts itself: only it knows whether the delivery was a duplicate.
    func countingRefusals(
        of channel: ChannelKind, _ handler: () async throws -> Response
    ) async throws -> Response {
        do {
            return try await handler()
        } catch {
            webhookReceived(channel, WebhookOutcome(refusal: error))
            throw error
        }
    }
}

/// What became of one webhook delivery: the `outcome` label of `tagarela_webhooks_received_total`.
enum WebhookOutcome: String, Sendable {
    /// Stored (or, for a status, recorded) and acknowledged.
    case accepted
    /// Everything in it was stored before: a redelivery.
    case duplicate
    /// A missing or wrong signature (403).
    case badSignature = "bad_signature"
    /// Signed, but not a webhook we understand (400).
    case badRequest = "bad_request"
    /// Larger than the channel ever sends (413).
    case tooLarge = "too_large"
    /// Asked to be delivered again (503: a status that overtook its send).
    case retryLater = "retry_later"
    /// Anything else, storage failures among them (500).
    case error

    /// The outcome of a handler that threw `refusal`, read off the status it answers with.
    init(refusal: any Error) {
        switch (refusal as? any HTTPResponseError)?.status {
        case .forbidden?: self = .badSignature
        case .badRequest?: self = .badRequest
        case .contentTooLarge?: self = .tooLarge
        case .serviceUnavailable?: self = .retryLater
        default: self = .error
        }
    }
}
