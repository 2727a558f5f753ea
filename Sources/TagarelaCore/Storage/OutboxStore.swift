import Foundation

/// The outbox: each contact's replies claimed in order under a lease, and what became of each send.
public protocol OutboxStore: Sendable {
    /// Hands out outbound messages ready to send: for each contact only its oldest unsent message, so a
    /// contact's messages leave in order. Messages of opted-out contacts are cancelled instead.
    /// Only messages for one of `channels` are considered: a worker claims only what it can send.
    func claimOutbound(
        owner: String, channels: Set<ChannelKind>, now: Date, leaseDuration: Duration, limit: Int
    ) async throws -> [OutboundClaim]

    /// Records what became of a send.
    func recordSend(_ claim: OutboundClaim, result: SendRecord, now: Date) async throws

    /// The earliest moment an outbound message becomes due or a send lease expires; nil when there is none.
    func nextOutboundDue(channels: Set<ChannelKind>) async throws -> Date?

    /// Puts one message in a contact's outbox outside any turn (a re-engagement template, an operator's message
    /// or photo), with the draft's media, to its current reply address. With `unlessSince`, nothing is added when
    /// the contact already has an outbound message of that kind created at or after that moment. Returns the new
    /// message's id, or nil.
    @discardableResult
    func enqueueOutbound(_ draft: OutboundDraft, contactID: Int64, now: Date, unlessSince: Date?) async throws
        -> Int64?
}
