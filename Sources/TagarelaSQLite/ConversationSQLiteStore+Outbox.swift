import Foundation
import GRDB
import TagarelaCore

/// `OutboxStore`: each contact's replies claimed in order under a send lease, what became of each send, messages
/// enqueued outside a turn.
extension ConversationSQLiteStore {
    public func claimOutbound(
        owner: String, channels: Set<ChannelKind>, now: Date, leaseDuration: Duration, limit: Int
    ) async throws -> [OutboundClaim] {
        let channelList = Self.sqlList(channels)
        return try await write { db in
            let nowSeconds = now.sqlSeconds
            let expiresAt = now.addingTimeInterval(leaseDuration.timeInterval)
            // Sends whose worker died mid-flight first: their outcome must be settled before anything after them.
            var rows = try Row.fetchAll(
                db.cachedStatement(
                    sql: """
                        SELECT m.*, c.opted_out, c.last_inbound_at, c.business_address
                        FROM messages m JOIN contacts c ON c.id = m.contact_id
                        WHERE m.status = 'sending' AND m.send_lease_until <= ? AND m.channel IN (\(channelList))
                        ORDER BY m.id LIMIT ?
                        """),
                arguments: [nowSeconds, limit])
            if rows.count < limit {
                // Only a contact's oldest unsent message is ready, so its messages leave in order.
                rows += try Row.fetchAll(
                    db.cachedStatement(
                        sql: """
                            SELECT m.*, c.opted_out, c.last_inbound_at, c.business_address
                            FROM messages m JOIN contacts c ON c.id = m.contact_id
                            WHERE m.status = 'pending' AND m.next_attempt_at <= ? AND m.channel IN (\(channelList))
                              AND NOT EXISTS (
                                  SELECT 1 FROM messages e
                                  WHERE e.contact_id = m.contact_id AND e.status IN ('pending', 'sending') AND e.id < m.id)
                            ORDER BY m.next_attempt_at, m.id LIMIT ?
                            """),
                    arguments: [nowSeconds, limit - rows.count])
            }
            var claims: [OutboundClaim] = []
            for row in rows {
                let id: Int64 = row["id"]
                let contactID: Int64 = row["contact_id"]
                let recovering = (row["status"] as String) == "sending"
                if !recovering, row["opted_out"] as Bool {
                    try Self.cancelUnsent(db, contactID: contactID)
                    continue
                }
                let token = (row["send_token"] as Int64) + 1
                let attempt = (row["attempts"] as Int) + 1
                try db.cachedStatement(
                    sql: """
                        UPDATE messages SET status = 'sending', send_owner = ?, send_token = ?, send_lease_until = ?,
                            attempts = ?, send_started_at = CASE WHEN status = 'sending' THEN send_started_at ELSE ? END
                        WHERE id = ?
                        """
                ).execute(arguments: [owner, token, expiresAt.sqlSeconds, attempt, nowSeconds, id])
                claims.append(
                    OutboundClaim(
                        envelope: OutboundEnvelope(
                            messageID: id, contactID: contactID, to: row["reply_address"], text: row["text"] ?? "",
                            lastInboundAt: (row["last_inbound_at"] as Double?).map(Date.init(sqlSeconds:)),
                            kind: OutboundKind(rawValue: row["kind"]) ?? .reply,
                            media: MediaAttachment(storedJSON: row["media"]), from: row["business_address"]),
                        channel: ChannelKind(rawValue: row["channel"]),
                        attempt: attempt,
                        lease: Lease(owner: owner, token: token, expiresAt: expiresAt),
                        recoveringSince: recovering
                            ? (row["send_started_at"] as Double?).map(Date.init(sqlSeconds:)) : nil
                    ))
            }
            return claims
        }
    }

    public func recordSend(_ claim: OutboundClaim, result: SendRecord, now: Date) async throws {
        try await write { db in
            let id = claim.envelope.messageID
            if case .sent(let providerMessageID) = result {
                // The provider has it: that is recorded whoever holds the lease now, so it is never sent twice.
                try db.cachedStatement(
                    sql: """
                        UPDATE messages SET status = 'sent', provider_message_id = ?, status_at = ?, send_owner = NULL,
                            send_lease_until = NULL
                        WHERE id = ? AND status IN ('sending', 'pending', 'unknown')
                        """
                ).execute(arguments: [providerMessageID, now.sqlSeconds, id])
                return
            }
            let holds =
                try Int.fetchOne(
                    db.cachedStatement(
                        sql:
                            "SELECT COUNT(*) FROM messages WHERE id = ? AND status = 'sending' AND send_owner = ? AND send_token = ?"
                    ),
                    arguments: [id, claim.lease.owner, claim.lease.token]) == 1
            guard holds else { throw StorageError.leaseLost }
            switch result {
            case .sent:
                break
            case .failed(let code, let reason, let optedOut):
                try db.execute(
                    sql: """
                        UPDATE messages SET status = 'failed', error_code = ?, error_detail = ?, status_at = ?,
                            send_owner = NULL, send_lease_until = NULL
                        WHERE id = ?
                        """,
                    arguments: [code ?? reason.prefix(64).description, reason, now.sqlSeconds, id])
                if optedOut {
                    try db.execute(
                        sql: "UPDATE contacts SET opted_out = 1 WHERE id = ?", arguments: [claim.envelope.contactID])
                    try Self.cancelUnsent(db, contactID: claim.envelope.contactID)
                }
            case .retry(let at, let reason):
                try db.execute(
                    sql: """
                        UPDATE messages SET status = 'pending', next_attempt_at = ?, error_detail = ?, send_owner = NULL,
                            send_lease_until = NULL, send_started_at = NULL
                        WHERE id = ?
                        """,
                    arguments: [at.sqlSeconds, reason, id])
            case .recheck(let at, _):
                // Still in flight, unowned: when this lease runs out the recovery path asks the provider.
                try db.execute(
                    sql: "UPDATE messages SET send_owner = NULL, send_lease_until = ? WHERE id = ?",
                    arguments: [at.sqlSeconds, id])
            case .unknown(let reason):
                try db.execute(
                    sql: """
                        UPDATE messages SET status = 'unknown', error_detail = ?, status_at = ?, send_owner = NULL,
                            send_lease_until = NULL
                        WHERE id = ?
                        """,
                    arguments: [reason, now.sqlSeconds, id])
            }
        }
    }

    public func nextOutboundDue(channels: Set<ChannelKind>) async throws -> Date? {
        let channelList = Self.sqlList(channels)
        return try await read { db in
            try Double.fetchOne(
                db.cachedStatement(
                    sql: """
                        SELECT MIN(due) FROM (
                            SELECT MIN(next_attempt_at) AS due FROM messages
                            WHERE status = 'pending' AND channel IN (\(channelList))
                            UNION ALL
                            SELECT MIN(send_lease_until) AS due FROM messages
                            WHERE status = 'sending' AND channel IN (\(channelList))
                        )
                        """)
            ).map(Date.init(sqlSeconds:))
        }
    }

    public func enqueueOutbound(_ draft: OutboundDraft, contactID: Int64, now: Date, unlessSince: Date?) async throws
        -> Int64?
    {
        try await write { db in
            if let unlessSince,
                try Bool.fetchOne(
                    db,
                    sql: """
                        SELECT EXISTS (SELECT 1 FROM messages
                            WHERE contact_id = ? AND direction = 'out' AND kind = ? AND created_at >= ?)
                        """, arguments: [contactID, draft.kind.rawValue, unlessSince.sqlSeconds]) == true
            {
                return nil
            }
            guard
                let contact = try Row.fetchOne(
                    db, sql: "SELECT reply_channel, reply_address FROM contacts WHERE id = ?", arguments: [contactID])
            else { return nil }
            try db.execute(
                sql: """
                    INSERT INTO messages (contact_id, direction, channel, kind, text, created_at, status, reply_address,
                        next_attempt_at, media)
                    VALUES (?, 'out', ?, ?, ?, ?, 'pending', ?, ?, ?)
                    """,
                arguments: [
                    contactID, contact["reply_channel"] as String, draft.kind.rawValue, draft.text, now.sqlSeconds,
                    contact["reply_address"] as String, now.sqlSeconds, draft.media?.storedJSON,
                ])
            let id = db.lastInsertedRowID
            try db.execute(
                sql: "UPDATE contacts SET outbound_count = outbound_count + 1 WHERE id = ?", arguments: [contactID])
            return id
        }
    }
}
