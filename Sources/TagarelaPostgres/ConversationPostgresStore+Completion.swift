import Foundation
import PostgresNIO
import TagarelaCore

extension ConversationPostgresStore {
    public func completeTurn(_ claim: TurnClaim, outcome: TurnOutcome, now: Date) async throws {
        try await transaction { connection in
            // The row lock keeps a takeover from slipping in between the lease check and the writes.
            let holder = try await connection.all(
                """
                SELECT lease_owner, lease_token, reply_channel, reply_address FROM contacts
                WHERE id = \(claim.contact.id) FOR UPDATE
                """, logger
            ).first?.decode((String?, Int64, String, String).self)
            guard let holder, holder.0 == claim.lease.owner, holder.1 == claim.lease.token else {
                throw StorageError.leaseLost
            }
            let (_, _, channel, address) = holder
            let record = outcome.record
            try await connection.all(
                """
                UPDATE turns SET status = \(record.status.rawValue), finished_at = \(now.unixSeconds),
                    provider = \(record.provider), model = \(record.model), input_tokens = \(record.usage.inputTokens),
                    output_tokens = \(record.usage.outputTokens), latency_ms = \(record.latency.timeInterval * 1000),
                    note = \(record.note)
                WHERE id = \(claim.turnID)
                """, logger)
            for draft in outcome.replies {
                try await connection.all(
                    """
                    INSERT INTO messages (contact_id, direction, channel, kind, text, created_at, status, turn_id,
                        reply_address, next_attempt_at)
                    VALUES (\(claim.contact.id), 'out', \(channel), \(draft.kind.rawValue), \(draft.text),
                        \(now.unixSeconds), 'pending', \(claim.turnID), \(address), \(now.unixSeconds))
                    """, logger)
            }
            try await connection.all(
                """
                UPDATE contacts SET lease_owner = NULL, lease_until = NULL,
                    outbound_count = outbound_count + \(outcome.replies.count),
                    opted_out = COALESCE(\(outcome.optOut), opted_out),
                    rate_notice_until = COALESCE(\(outcome.rateLimitNoticeUntil?.unixSeconds), rate_notice_until)
                WHERE id = \(claim.contact.id)
                """, logger)
            if outcome.optOut == true {
                try await cancelUnsent(connection, contactID: claim.contact.id)
            }
            // The released contact may have more messages waiting, and the replies wait for an outbox worker.
            try await connection.all(
                "SELECT pg_notify(\(Self.turnsChannel), ''), pg_notify(\(Self.outboxChannel), '')", logger)
        }
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
