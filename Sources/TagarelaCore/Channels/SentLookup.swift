import Foundation

/// Whether a provider already holds a message whose send was interrupted.
public enum SentLookup: Sendable, Equatable {
    case found(providerMessageID: String)
    case notFound
    /// The provider could not be asked just now (network, 5xx): ask again later.
    case unavailable(reason: String)
    /// The provider offers no way to tell.
    case cannotTell
}

/// A channel that can look up what it sent: after a crash mid-send, the outbox asks instead of guessing.
public protocol SentMessageLookup: Sendable {
    /// Looks for `message` among what was sent to its recipient since `since`.
    func findSent(_ message: OutboundEnvelope, since: Date) async -> SentLookup
}
