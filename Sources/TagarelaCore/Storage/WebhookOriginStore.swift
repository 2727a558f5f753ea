import Foundation

/// Where the public origin (`https://host`) of the last correctly signed webhook is kept, in the database so every
/// instance shares it: without `PUBLIC_URL` it is the base of the links Tagarela hands out when no request is at
/// hand (Twilio's status callbacks, the voice notes and photos Twilio fetches).
public protocol WebhookOriginStore: Sendable {
    /// Records `origin` as the one a signed webhook just named.
    func recordWebhookOrigin(_ origin: String, at now: Date) async throws

    /// The origin last recorded; nil before the first signed webhook.
    func webhookOrigin() async throws -> String?
}
