import Foundation
import PostgresNIO
import TagarelaCore

extension ConversationPostgresStore {
    public func claimTurns(
        owner: String, channels: Set<ChannelKind>, now: Date, leaseDuration: Duration, limit: Int
    ) async throws -> [TurnClaim] {
        let expiresAt = now.addingTimeInterval(leaseDuration.timeInterval)
        let nowSeconds = now.unixSeconds
        return try await transaction { connection in
            // Due and free, or leased by a worker whose lease ran out (it died): both are work to hand out.
            // SKIP LOCKED passes over contacts another worker is claiming right now; the lock is held until
            // COMMIT, by which time the lease columns say who owns the contact.
            let candidates = try await connection.all(
                """
                SELECT id FROM contacts
                WHERE reply_channel = ANY(\(Self.names(channels)))
                  AND ((lease_owner IS NULL AND turn_due_at <= \(nowSeconds))
                       OR (lease_owner IS NOT NULL AND lease_until <= \(nowSeconds)))
                ORDER BY CASE WHEN lease_owner IS NULL THEN turn_due_at ELSE lease_until END, id
                LIMIT \(limit)
                FOR UPDATE SKIP LOCKED
                """, logger
            ).map { try $0.decode(Int64.self) }
            var claims: [TurnClaim] = []
            for contactID in candidates {
                if let claim = try await claimTurn(
                    connection, contactID: contactID, owner: owner, now: now, expiresAt: expiresAt)
                {
                    claims.append(claim)
                }
            }
            return claims
        }
    }

    /// Opens a turn for a contact this transaction has locked.
    private func claimTurn(
        _ connection: PostgresConnection, contactID: Int64, owner: String, now: Date, expiresAt: Date
    ) async throws -> TurnClaim? {
        let opened = try await connection.all(
            """
            INSERT INTO turns (contact_id, owner, lease_token, started_at, status)
            SELECT id, \(owner), lease_token + 1, \(now.unixSeconds), 'running' FROM contacts WHERE id = \(contactID)
            RETURNING id, lease_token
            """, logger)
        guard let opened = try opened.first?.decode((Int64, Int64).self) else { return nil }
        let (turnID, token) = opened
        // Unanswered messages, and those of a turn whose worker died, belong to this turn now.
        try await connection.all(
            """
            UPDATE messages SET turn_id = \(turnID)
            WHERE contact_id = \(contactID) AND direction = 'in' AND status = 'received'
              AND (turn_id IS NULL
                   OR turn_id IN (SELECT id FROM turns WHERE contact_id = \(contactID) AND status = 'running'))
            """, logger)
        try await connection.all(
            """
            UPDATE turns SET status = 'abandoned', finished_at = \(now.unixSeconds)
            WHERE contact_id = \(contactID) AND status = 'running' AND id <> \(turnID)
            """, logger)
        let messages = try await connection.all(
            "SELECT * FROM messages WHERE turn_id = \(turnID) ORDER BY id", logger
        ).map(Self.message(from:))
        guard !messages.isEmpty else {
            // Nothing to answer (a merge moved the messages away): release the contact.
            try await connection.all("DELETE FROM turns WHERE id = \(turnID)", logger)
            try await connection.all(
                """
                UPDATE contacts SET lease_owner = NULL, lease_until = NULL, turn_due_at = NULL,
                    pending_since = NULL, pending_last = NULL
                WHERE id = \(contactID)
                """, logger)
            return nil
        }
        let leased = try await connection.all(
            """
            UPDATE contacts SET lease_owner = \(owner), lease_token = \(token), lease_until = \(expiresAt.unixSeconds),
                turn_due_at = NULL, pending_since = NULL, pending_last = NULL
            WHERE id = \(contactID)
            RETURNING *
            """, logger)
        guard let contact = try leased.first.map(Self.contact(from:)) else { return nil }
        return TurnClaim(
            turnID: turnID, contact: contact, messages: messages,
            lease: Lease(owner: owner, token: token, expiresAt: expiresAt))
    }

    public func renewTurnLease(_ claim: TurnClaim, now: Date, leaseDuration: Duration) async throws -> Lease {
        let expiresAt = now.addingTimeInterval(leaseDuration.timeInterval)
        let renewed = try await read(
            """
            UPDATE contacts SET lease_until = \(expiresAt.unixSeconds)
            WHERE id = \(claim.contact.id) AND lease_owner = \(claim.lease.owner) AND lease_token = \(claim.lease.token)
            RETURNING id
            """)
        guard renewed.count == 1 else { throw StorageError.leaseLost }
        return Lease(owner: claim.lease.owner, token: claim.lease.token, expiresAt: expiresAt)
    }

    public func nextTurnDue(channels: Set<ChannelKind>) async throws -> Date? {
        let names = Self.names(channels)
        return try await read(
            """
            SELECT MIN(due) FROM (
                SELECT MIN(turn_due_at) AS due FROM contacts
                WHERE turn_due_at IS NOT NULL AND lease_owner IS NULL AND reply_channel = ANY(\(names))
                UNION ALL
                SELECT MIN(lease_until) AS due FROM contacts
                WHERE lease_owner IS NOT NULL AND reply_channel = ANY(\(names))
            ) AS work
            """
        ).first?.decode(Double?.self).map(Date.init(unixSeconds:))
    }
}
