import Foundation
import PostgresNIO
import TagarelaCore

/// A notice sent while a turn runs, once across attempts at the same messages.
extension ConversationPostgresStore {
    public func queueTurnNotice(_ text: String, claim: TurnClaim, now: Date) async throws -> Bool {
        try await transaction { connection in
            // The row lock keeps a takeover from slipping in between the lease check and the insert.
            let holder = try await connection.all(
                """
                SELECT lease_owner, lease_token, reply_channel, reply_address
                FROM contacts WHERE id = \(claim.contact.id) FOR UPDATE
                """, statements
            ).first?.decode((String?, Int64, String, String).self)
            guard let holder, holder.0 == claim.lease.owner, holder.1 == claim.lease.token else {
                throw StorageError.leaseLost
            }
            let (_, _, channel, address) = holder
            // This turn and the attempts before it at the same messages: the contact's turns after its last
            // finished one (summaries are not turns).
            let said = try await connection.all(
                """
                SELECT 1 FROM messages
                WHERE contact_id = \(claim.contact.id) AND direction = 'out' AND turn_id > COALESCE(
                    (SELECT MAX(id) FROM turns WHERE contact_id = \(claim.contact.id) AND id < \(claim.turnID)
                        AND status NOT IN ('running', 'abandoned', \(TurnRecord.Status.summaryRaw))), 0)
                  AND turn_id <= \(claim.turnID)
                LIMIT 1
                """, statements)
            guard said.isEmpty else { return false }
            try await connection.all(
                """
                INSERT INTO messages (contact_id, direction, channel, kind, text, created_at, status, turn_id,
                    reply_address, next_attempt_at)
                VALUES (\(claim.contact.id), 'out', \(channel), \(OutboundKind.notice.rawValue), \(text),
                    \(now.unixSeconds), 'pending', \(claim.turnID), \(address), \(now.unixSeconds))
                """, statements)
            try await connection.all(
                """
                UPDATE contacts SET outbound_count = outbound_count + 1 WHERE id = \(claim.contact.id)
                """, statements)
            try await connection.all("SELECT pg_notify(\(Self.outboxChannel), '')", statements)
            return true
        }
    }
}
