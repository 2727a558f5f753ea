import Foundation
import PostgresNIO
import TagarelaCore

/// `TurnQueue.completeTurn`: a turn's result, its replies and the contact's release, under fencing.
extension ConversationPostgresStore {
    /// The usual turn (no tool effects, no memory fold, no opt-out) completes in one statement, which checks the
    /// lease, records the turn, queues the replies, releases the contact and notifies the workers; a turn with
    /// effects runs them with that statement in one transaction. The first reply is then claimed for the caller's
    /// sender, unless an outbox worker, told by the notification, took it first.
    public func completeTurn(
        _ claim: TurnClaim, outcome: TurnOutcome, now: Date, firstReply: SendClaimRequest?
    ) async throws -> OutboundClaim? {
        let completion = Self.completion(claim, outcome: outcome, now: now)
        let rows: [PostgresRow]
        if outcome.effects.isEmpty && outcome.foldThrough == nil && outcome.optOut != true {
            rows = try await read(completion)
        } else {
            rows = try await transaction { connection in
                // Locked first, so the effects are written only while the lease holds.
                let held = try await connection.all(
                    """
                    SELECT 1 FROM contacts WHERE id = \(claim.contact.id) AND lease_owner = \(claim.lease.owner)
                      AND lease_token = \(claim.lease.token) FOR UPDATE
                    """, statements)
                guard !held.isEmpty else { throw StorageError.leaseLost }
                try await apply(outcome.effects, connection, contactID: claim.contact.id, now: now)
                if let through = outcome.foldThrough {
                    try await queueFold(connection, contactID: claim.contact.id, through: through, now: now)
                }
                let rows = try await connection.all(completion, statements)
                if outcome.optOut == true {
                    try await cancelUnsent(connection, contactID: claim.contact.id)
                }
                return rows
            }
        }
        guard let holder = try rows.first?.decode((String, String, Bool, Double?, String?, Int64?).self) else {
            throw StorageError.leaseLost
        }
        let (channel, address, optedOut, lastInboundAt, businessAddress, firstReplyID) = holder
        let replyChannel = ChannelKind(rawValue: channel)
        guard let firstReply, let firstReplyID, !(outcome.optOut ?? optedOut),
            firstReply.channels.contains(replyChannel)
        else { return nil }
        let envelope = OutboundEnvelope(
            messageID: firstReplyID, contactID: claim.contact.id, to: address, text: outcome.replies[0].text,
            lastInboundAt: lastInboundAt.map(Date.init(unixSeconds:)), kind: outcome.replies[0].kind,
            media: outcome.replies[0].media, from: businessAddress)
        return try await claimFirstReply(envelope: envelope, channel: replyChannel, request: firstReply, now: now)
    }

    /// One row (the contact's reply route and the first reply's id) when the lease held, none when it was lost.
    /// The replies are inserted in order, as one JSON array.
    static func completion(_ claim: TurnClaim, outcome: TurnOutcome, now: Date) -> PostgresQuery {
        let record = outcome.record
        let contactID = claim.contact.id
        let nowSeconds = now.unixSeconds
        return """
            WITH holder AS (
                SELECT reply_channel, reply_address, opted_out, last_inbound_at, business_address FROM contacts
                WHERE id = \(contactID) AND lease_owner = \(claim.lease.owner) AND lease_token = \(claim.lease.token)
                FOR UPDATE
            ), finished AS (
                UPDATE turns SET status = \(record.status.rawValue), finished_at = \(nowSeconds),
                    provider = \(record.provider), model = \(record.model), input_tokens = \(record.usage.inputTokens),
                    output_tokens = \(record.usage.outputTokens), latency_ms = \(record.latency.timeInterval * 1000),
                    note = \(record.note), tool_calls = \(record.toolCallsJSON),
                    voice = \(record.voiceJSON), cost_usd = \(record.cost.text), audio_cost_usd = \(record.cost.audio),
                    knowledge = \(record.knowledgeJSON)
                WHERE id = \(claim.turnID) AND EXISTS (SELECT 1 FROM holder)
            ), replies AS (
                INSERT INTO messages (contact_id, direction, channel, kind, text, created_at, status, turn_id,
                    reply_address, next_attempt_at, media)
                SELECT \(contactID), 'out', h.reply_channel, r.kind, r.text, \(nowSeconds), 'pending',
                    \(claim.turnID), h.reply_address, \(nowSeconds), r.media
                FROM holder h,
                    ROWS FROM (jsonb_to_recordset(\(Self.repliesJSON(outcome.replies))::JSONB)
                        AS (kind TEXT, text TEXT, media TEXT)) WITH ORDINALITY AS r(kind, text, media, n)
                ORDER BY r.n
                RETURNING id
            ), released AS (
                UPDATE contacts SET lease_owner = NULL, lease_until = NULL,
                    outbound_count = outbound_count + \(outcome.replies.count),
                    opted_out = COALESCE(\(outcome.optOut), opted_out),
                    rate_notice_until = COALESCE(\(outcome.rateLimitNoticeUntil?.unixSeconds), rate_notice_until),
                    budget_notice_until = COALESCE(\(outcome.budgetNoticeUntil?.unixSeconds), budget_notice_until)
                WHERE id = \(contactID) AND EXISTS (SELECT 1 FROM holder)
            )
            SELECT h.reply_channel, h.reply_address, h.opted_out, h.last_inbound_at, h.business_address,
                (SELECT MIN(id) FROM replies)
            FROM holder h
                -- The released contact may have more messages waiting, and the replies wait for an outbox worker.
                CROSS JOIN LATERAL (SELECT pg_notify(\(Self.turnsChannel), ''), pg_notify(\(Self.outboxChannel), ''))
                    AS notified
            """
    }

    /// The replies as the JSON array the completion reads with `jsonb_to_recordset`.
    static func repliesJSON(_ replies: [OutboundDraft]) -> String {
        struct Row: Encodable {
            var kind: String
            var text: String
            var media: String?
        }
        let rows = replies.map { Row(kind: $0.kind.rawValue, text: $0.text, media: $0.media?.storedJSON) }
        return String(decoding: (try? JSONEncoder().encode(rows)) ?? Data("[]".utf8), as: UTF8.self)
    }

    /// Claims a turn's first reply for its sender, unless an outbox worker claimed it first or an earlier message
    /// of the contact must leave before it.
    private func claimFirstReply(
        envelope: OutboundEnvelope, channel: ChannelKind, request: SendClaimRequest, now: Date
    ) async throws -> OutboundClaim? {
        let lease = Lease(
            owner: request.owner, token: 1, expiresAt: now.addingTimeInterval(request.leaseDuration.timeInterval))
        let claimed = try await read(
            """
            UPDATE messages SET status = 'sending', send_owner = \(lease.owner), send_token = \(lease.token),
                send_lease_until = \(lease.expiresAt.unixSeconds), attempts = 1, send_started_at = \(now.unixSeconds)
            WHERE id = \(envelope.messageID) AND status = 'pending' AND send_owner IS NULL
              AND NOT EXISTS (SELECT 1 FROM messages WHERE contact_id = \(envelope.contactID)
                  AND status IN ('pending', 'sending') AND id < \(envelope.messageID))
            RETURNING id
            """)
        return claimed.isEmpty ? nil : OutboundClaim(envelope: envelope, channel: channel, attempt: 1, lease: lease)
    }
}
