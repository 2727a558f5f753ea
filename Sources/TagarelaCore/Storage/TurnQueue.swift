import Foundation

/// The turn queue: due contacts claimed under a lease, their memory and spending read, their turns recorded.
public protocol TurnQueue: Sendable {
    /// Hands out up to `limit` contacts whose turn is due and not leased, each with its unanswered messages.
    /// A contact whose previous lease expired (its worker died) is handed out again with the same messages.
    /// Only contacts whose replies go to one of `channels` are considered (a terminal chat serves its own).
    func claimTurns(
        owner: String, channels: Set<ChannelKind>, now: Date, leaseDuration: Duration, limit: Int
    ) async throws -> [TurnClaim]

    /// Extends a turn's lease; throws `StorageError.leaseLost` if another worker took the contact over.
    func renewTurnLease(_ claim: TurnClaim, now: Date, leaseDuration: Duration) async throws -> Lease

    /// Records the turn, puts its replies in the outbox, applies its tools' effects and releases the contact,
    /// all at once and only while the lease still holds (else `StorageError.leaseLost` and nothing is written).
    ///
    /// With `firstReply`, the first reply is also claimed for sending in the same transaction, when it is next
    /// in the contact's order and its channel is one of `firstReply.channels`: the caller sends it at once
    /// instead of waiting for an outbox worker to claim it (a write and a wake-up less per turn).
    @discardableResult
    func completeTurn(_ claim: TurnClaim, outcome: TurnOutcome, now: Date, firstReply: SendClaimRequest?)
        async throws -> OutboundClaim?

    /// Puts a notice in the outbox while the turn still runs (the slow-reply notice), linked to the turn and only
    /// while its lease holds (else `StorageError.leaseLost`). Nothing is added when this turn, or an earlier attempt
    /// at the same messages (the contact's turns abandoned since its last finished one), already has a message in
    /// the outbox: a turn run again after a crash does not say it twice. Returns whether the notice was added.
    func queueTurnNotice(_ text: String, claim: TurnClaim, now: Date) async throws -> Bool

    /// The earliest moment a turn becomes due or a turn lease expires; nil when there is no turn work.
    func nextTurnDue(channels: Set<ChannelKind>) async throws -> Date?

    /// The contact's conversation up to and including `messageID`, newest last, at most `limit` messages.
    func history(contactID: Int64, upTo messageID: Int64, limit: Int) async throws -> [StoredMessage]

    /// Keeps what was learnt of a message's file: `media` (a voice note's transcript, a kept file's id) replaces
    /// the message's media, and a transcript, if any, becomes its text, which memory reads (a caption stays).
    func recordTranscript(messageID: Int64, media: MediaAttachment) async throws

    /// Counts one medium of `bytes` against the contact's quota for the day starting at `day`, and forgets the
    /// days before; false, with nothing counted, when it would exceed `quota`.
    func takeMediaAllowance(contactID: Int64, bytes: Int, day: Date, quota: MediaQuota) async throws -> Bool

    /// What the turns started since `since` used: one contact's, or everyone's when nil.
    func spending(contactID: Int64?, since: Date) async throws -> Spending

    /// The tool calls recorded with the contact's turns started since `since`, oldest first (for the business's
    /// tools' daily limit, counted from what is stored so that it survives restarts and holds across instances).
    func toolCalls(contactID: Int64, since: Date) async throws -> [ToolCallRecord]

    /// How many messages the contact sent since `since` (for the rate limit).
    func inboundCount(contactID: Int64, since: Date) async throws -> Int
}

extension TurnQueue {
    /// Completes the turn and leaves every reply to the outbox.
    public func completeTurn(_ claim: TurnClaim, outcome: TurnOutcome, now: Date) async throws {
        try await completeTurn(claim, outcome: outcome, now: now, firstReply: nil)
    }
}
