import Foundation
import PostgresNIO
import TagarelaCore

extension ConversationPostgresStore {
    public func completeTurn(
        _ claim: TurnClaim, outcome: TurnOutcome, now: Date, firstReply: SendClaimRequest?
    ) async throws -> OutboundClaim? {
        try await transaction { connection in
            // The row lock keeps a takeover from slipping in between the lease check and the writes.
            let holder = try await connection.all(
                """
                SELECT lease_owner, lease_token, reply_channel, reply_address, opted_out, last_inbound_at
                FROM contacts WHERE id = \(claim.contact.id) FOR UPDATE
                """, logger
            ).first?.decode((String?, Int64, String, String, Bool, Double?).self)
            guard let holder, holder.0 == claim.lease.owner, holder.1 == claim.lease.token else {
                throw StorageError.leaseLost
            }
            let (_, _, channel, address, optedOut, lastInboundAt) = holder
            let record = outcome.record
            try await connection.all(
                """
                UPDATE turns SET status = \(record.status.rawValue), finished_at = \(now.unixSeconds),
                    provider = \(record.provider), model = \(record.model), input_tokens = \(record.usage.inputTokens),
                    output_tokens = \(record.usage.outputTokens), latency_ms = \(record.latency.timeInterval * 1000),
                    note = \(record.note), tool_calls = \(record.toolCallsJSON),
                    voice = \(record.voiceJSON), cost_usd = \(record.cost.text), audio_cost_usd = \(record.cost.audio)
                WHERE id = \(claim.turnID)
                """, logger)
            try await apply(outcome.effects, connection, contactID: claim.contact.id, now: now)
            var firstReplyID: Int64?
            for draft in outcome.replies {
                let inserted = try await connection.all(
                    """
                    INSERT INTO messages (contact_id, direction, channel, kind, text, created_at, status, turn_id,
                        reply_address, next_attempt_at, media)
                    VALUES (\(claim.contact.id), 'out', \(channel), \(draft.kind.rawValue), \(draft.text),
                        \(now.unixSeconds), 'pending', \(claim.turnID), \(address), \(now.unixSeconds),
                        \(draft.media?.storedJSON))
                    RETURNING id
                    """, logger)
                if firstReplyID == nil { firstReplyID = try inserted.first?.decode(Int64.self) }
            }
            try await connection.all(
                """
                UPDATE contacts SET lease_owner = NULL, lease_until = NULL,
                    outbound_count = outbound_count + \(outcome.replies.count),
                    opted_out = COALESCE(\(outcome.optOut), opted_out),
                    rate_notice_until = COALESCE(\(outcome.rateLimitNoticeUntil?.unixSeconds), rate_notice_until),
                    budget_notice_until = COALESCE(\(outcome.budgetNoticeUntil?.unixSeconds), budget_notice_until)
                WHERE id = \(claim.contact.id)
                """, logger)
            if outcome.optOut == true {
                try await cancelUnsent(connection, contactID: claim.contact.id)
            }
            // The released contact may have more messages waiting, and the replies wait for an outbox worker.
            try await connection.all(
                "SELECT pg_notify(\(Self.turnsChannel), ''), pg_notify(\(Self.outboxChannel), '')", logger)
            let replyChannel = ChannelKind(rawValue: channel)
            guard let firstReply, let firstReplyID, !(outcome.optOut ?? optedOut),
                firstReply.channels.contains(replyChannel)
            else { return nil }
            let envelope = OutboundEnvelope(
                messageID: firstReplyID, contactID: claim.contact.id, to: address, text: outcome.replies[0].text,
                lastInboundAt: lastInboundAt.map(Date.init(unixSeconds:)), kind: outcome.replies[0].kind,
                media: outcome.replies[0].media)
            return try await claimFirstReply(
                connection, envelope: envelope, channel: replyChannel, request: firstReply, now: now)
        }
    }

    /// Claims a turn's first reply for its sender, unless an earlier message of the contact must leave first
    /// (the contact row is locked, so no outbox worker claims the contact's messages meanwhile).
    private func claimFirstReply(
        _ connection: PostgresConnection, envelope: OutboundEnvelope, channel: ChannelKind,
        request: SendClaimRequest, now: Date
    ) async throws -> OutboundClaim? {
        let lease = Lease(
            owner: request.owner, token: 1, expiresAt: now.addingTimeInterval(request.leaseDuration.timeInterval))
        let claimed = try await connection.all(
            """
            UPDATE messages SET status = 'sending', send_owner = \(lease.owner), send_token = \(lease.token),
                send_lease_until = \(lease.expiresAt.unixSeconds), attempts = 1, send_started_at = \(now.unixSeconds)
            WHERE id = \(envelope.messageID)
              AND NOT EXISTS (SELECT 1 FROM messages WHERE contact_id = \(envelope.contactID)
                  AND status IN ('pending', 'sending') AND id < \(envelope.messageID))
            RETURNING id
            """, logger)
        return claimed.isEmpty ? nil : OutboundClaim(envelope: envelope, channel: channel, attempt: 1, lease: lease)
    }

    /// Cancels a contact's messages that have not left yet (the contact opted out).
    func cancelUnsent(_ connection: PostgresConnection, contactID: Int64) async throws {
        try await connection.all(
            """
            UPDATE messages SET status = 'cancelled', send_owner = NULL
            WHERE contact_id = \(contactID) AND status = 'pending'
            """, logger)
    }
}
