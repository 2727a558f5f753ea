import Foundation
import PostgresNIO
import TagarelaCore

/// `OutboxStore`: each contact's replies claimed in order under a send lease, what became of each send, messages
/// enqueued outside a turn.
extension ConversationPostgresStore {
    public func claimOutbound(
        owner: String, channels: Set<ChannelKind>, now: Date, leaseDuration: Duration, limit: Int
    ) async throws -> [OutboundClaim] {
        let nowSeconds = now.unixSeconds
        let expiresAt = now.addingTimeInterval(leaseDuration.timeInterval)
        let names = Self.names(channels)
        return try await transaction { connection in
            // Only a contact's oldest unsent message (its head) is ready, so its messages leave in order. The
            // contact row is the lock: a second worker skips the contact instead of taking its next message.
            // Interrupted sends come first: their outcome must be settled before anything after them.
            let locked = try await connection.all(
                """
                WITH heads AS (
                    SELECT DISTINCT ON (contact_id) id, contact_id, status, channel, next_attempt_at, send_lease_until
                    FROM messages WHERE status IN ('pending', 'sending')
                    ORDER BY contact_id, id
                )
                SELECT c.id FROM contacts c JOIN heads h ON h.contact_id = c.id
                WHERE h.channel = ANY(\(names))
                  AND ((h.status = 'sending' AND h.send_lease_until <= \(nowSeconds))
                       OR (h.status = 'pending' AND h.next_attempt_at <= \(nowSeconds)))
                ORDER BY h.status = 'sending' DESC, CASE WHEN h.status = 'pending' THEN h.next_attempt_at END, h.id
                LIMIT \(limit)
                FOR UPDATE OF c SKIP LOCKED
                """, statements
            ).map { try $0.decode(Int64.self) }
            guard !locked.isEmpty else { return [] }
            // Read the heads again now that the contacts are locked: a send settled meanwhile moved the head on.
            let heads = try await connection.all(
                """
                SELECT DISTINCT ON (m.contact_id) m.*, c.opted_out, c.last_inbound_at, c.business_address
                FROM messages m JOIN contacts c ON c.id = m.contact_id
                WHERE m.contact_id = ANY(\(locked)) AND m.status IN ('pending', 'sending')
                ORDER BY m.contact_id, m.id
                """, statements
            ).map(OutboxHead.init(row:))
            var claims: [OutboundClaim] = []
            for head in heads.filter({ $0.isReady(at: nowSeconds, channels: names) }).sorted(by: OutboxHead.precedes) {
                if !head.recovering, head.optedOut {
                    try await cancelUnsent(connection, contactID: head.contactID)
                    continue
                }
                let lease = Lease(owner: owner, token: head.token + 1, expiresAt: expiresAt)
                let attempt = head.attempts + 1
                // Conditional on what was read: a settled send is left alone rather than claimed again.
                let taken = try await connection.all(
                    """
                    UPDATE messages SET status = 'sending', send_owner = \(owner), send_token = \(lease.token),
                        send_lease_until = \(expiresAt.unixSeconds), attempts = \(attempt),
                        send_started_at = CASE WHEN status = 'sending' THEN send_started_at ELSE \(nowSeconds) END
                    WHERE id = \(head.id) AND status = \(head.status) AND send_token = \(head.token)
                    RETURNING id
                    """, statements)
                guard !taken.isEmpty else { continue }
                claims.append(
                    OutboundClaim(
                        envelope: OutboundEnvelope(
                            messageID: head.id, contactID: head.contactID, to: head.replyAddress, text: head.text,
                            lastInboundAt: head.lastInboundAt.map(Date.init(unixSeconds:)),
                            kind: OutboundKind(rawValue: head.kind) ?? .reply,
                            media: MediaAttachment(storedJSON: head.media), from: head.businessAddress),
                        channel: ChannelKind(rawValue: head.channel), attempt: attempt, lease: lease,
                        recoveringSince: head.recovering ? head.startedAt.map(Date.init(unixSeconds:)) : nil))
            }
            return claims
        }
    }

    public func nextOutboundDue(channels: Set<ChannelKind>) async throws -> Date? {
        let names = Self.names(channels)
        return try await read(
            """
            SELECT MIN(due) FROM (
                SELECT MIN(next_attempt_at) AS due FROM messages WHERE status = 'pending' AND channel = ANY(\(names))
                UNION ALL
                SELECT MIN(send_lease_until) AS due FROM messages WHERE status = 'sending' AND channel = ANY(\(names))
            ) AS work
            """
        ).first?.decode(Double?.self).map(Date.init(unixSeconds:))
    }

    public func recordSend(_ claim: OutboundClaim, result: SendRecord, now: Date) async throws {
        let id = claim.envelope.messageID
        if case .sent(let providerMessageID) = result {
            // The provider has it: that is recorded whoever holds the lease now, so it is never sent twice.
            try await read(
                """
                UPDATE messages SET status = 'sent', provider_message_id = \(providerMessageID),
                    status_at = \(now.unixSeconds), send_owner = NULL, send_lease_until = NULL
                WHERE id = \(id) AND status IN ('sending', 'pending', 'unknown')
                """)
            return
        }
        try await transaction { connection in
            // Every other outcome is written only while the lease holds: the update is its own fencing check.
            let fenced: PostgresQuery
            switch result {
            case .sent:
                return
            case .failed(let code, let reason, _):
                fenced = """
                    UPDATE messages SET status = 'failed', error_code = \(code ?? String(reason.prefix(64))),
                        error_detail = \(reason), status_at = \(now.unixSeconds), send_owner = NULL, send_lease_until = NULL
                    WHERE id = \(id) AND status = 'sending' AND send_owner = \(claim.lease.owner)
                      AND send_token = \(claim.lease.token)
                    RETURNING id
                    """
            case .retry(let at, let reason):
                fenced = """
                    UPDATE messages SET status = 'pending', next_attempt_at = \(at.unixSeconds), error_detail = \(reason),
                        send_owner = NULL,
                        send_lease_until = NULL, send_started_at = NULL
                    WHERE id = \(id) AND status = 'sending' AND send_owner = \(claim.lease.owner)
                      AND send_token = \(claim.lease.token)
                    RETURNING id
                    """
            case .recheck(let at, _):
                // Still in flight, unowned: when this lease runs out the recovery path asks the provider.
                fenced = """
                    UPDATE messages SET send_owner = NULL, send_lease_until = \(at.unixSeconds)
                    WHERE id = \(id) AND status = 'sending' AND send_owner = \(claim.lease.owner)
                      AND send_token = \(claim.lease.token)
                    RETURNING id
                    """
            case .unknown(let reason):
                fenced = """
                    UPDATE messages SET status = 'unknown', error_detail = \(reason), status_at = \(now.unixSeconds), send_owner = NULL,
                        send_lease_until = NULL
                    WHERE id = \(id) AND status = 'sending' AND send_owner = \(claim.lease.owner)
                      AND send_token = \(claim.lease.token)
                    RETURNING id
                    """
            }
            guard try await connection.all(fenced, statements).count == 1 else { throw StorageError.leaseLost }
            if case .failed(_, _, optedOut: true) = result {
                try await optOut(connection, contactID: claim.envelope.contactID)
            }
        }
    }

    public func enqueueOutbound(_ draft: OutboundDraft, contactID: Int64, now: Date, unlessSince: Date?) async throws
        -> Int64?
    {
        try await transaction { connection in
            // The contact row is the lock: two instances asked at once add the message once.
            let contact = try await connection.all(
                "SELECT reply_channel, reply_address FROM contacts WHERE id = \(contactID) FOR UPDATE", statements
            ).first?.decode((String, String).self)
            guard let (channel, address) = contact else { return nil }
            if let unlessSince {
                let existing = try await connection.all(
                    """
                    SELECT 1 FROM messages WHERE contact_id = \(contactID) AND direction = 'out'
                      AND kind = \(draft.kind.rawValue) AND created_at >= \(unlessSince.unixSeconds) LIMIT 1
                    """, statements)
                guard existing.isEmpty else { return nil }
            }
            let id = try await connection.all(
                """
                INSERT INTO messages (contact_id, direction, channel, kind, text, created_at, status, reply_address,
                    next_attempt_at, media)
                VALUES (\(contactID), 'out', \(channel), \(draft.kind.rawValue), \(draft.text), \(now.unixSeconds),
                    'pending', \(address), \(now.unixSeconds), \(draft.media?.storedJSON))
                RETURNING id
                """, statements
            ).first?.decode(Int64.self)
            try await connection.all(
                "UPDATE contacts SET outbound_count = outbound_count + 1 WHERE id = \(contactID)", statements)
            try await connection.all("SELECT pg_notify(\(Self.outboxChannel), '')", statements)
            return id
        }
    }

    /// Opts the contact out and cancels what has not left yet.
    func optOut(_ connection: PostgresConnection, contactID: Int64) async throws {
        try await connection.all("UPDATE contacts SET opted_out = TRUE WHERE id = \(contactID)", statements)
        try await cancelUnsent(connection, contactID: contactID)
    }
}
