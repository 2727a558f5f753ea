import Foundation

/// Where webhooks land: inbound messages stored once, delivery statuses, number changes.
public protocol IntakeStore: Sendable {
    /// Stores an inbound message once per provider id and, when it expects a reply, schedules the contact's next
    /// turn; a message that does not (a reaction, an old backlog) is stored as `recorded` and never answered.
    func ingest(_ message: InboundMessage, at now: Date, schedule: TurnSchedule) async throws -> IngestResult

    /// The message a channel knows by `providerMessageID`, if any.
    func message(channel: ChannelKind, providerMessageID: String) async throws -> StoredMessage?

    /// Applies a provider's delivery status to the outbound message with that id; false if there is none.
    /// Statuses arrive out of order and repeated: a status never moves a message backwards.
    /// `optedOut` when the provider says the contact opted out (Twilio 21610): the contact is opted out too.
    /// `errorDetail` is the provider's own words about a failure (kept with the code).
    func recordDeliveryStatus(
        channel: ChannelKind, providerMessageID: String, status: MessageStatus, errorCode: String?,
        errorDetail: String?, optedOut: Bool, at: Date
    ) async throws -> Bool

    /// The contact `identity` (at least one key) names, created without any message when there is none: a contact
    /// known before they write, as in a catalogue imported from the photo script. A new contact's replies go to
    /// `replyAddress` on `channel` until they write; a known one is left as it is. Nothing is scheduled, and the
    /// 24-hour window stays closed.
    func contactID(for identity: ContactIdentity, channel: ChannelKind, replyAddress: String, at now: Date)
        async throws -> Int64

    /// Moves a contact from an old phone number to a new one (WhatsApp's "changed number" notice), so the
    /// memory follows the person; the old number no longer names them. A contact already known under the new
    /// number is merged in. Replies on `channel` go to `replyAddress` from now on. False if the old number is unknown.
    func changePhone(from oldPhone: String, to newPhone: String, channel: ChannelKind, replyAddress: String)
        async throws -> Bool
}

extension IntakeStore {
    /// Records a status that carries no detail beyond its code.
    public func recordDeliveryStatus(
        channel: ChannelKind, providerMessageID: String, status: MessageStatus, errorCode: String?, optedOut: Bool,
        at: Date
    ) async throws -> Bool {
        try await recordDeliveryStatus(
            channel: channel, providerMessageID: providerMessageID, status: status, errorCode: errorCode,
            errorDetail: nil, optedOut: optedOut, at: at)
    }
}
