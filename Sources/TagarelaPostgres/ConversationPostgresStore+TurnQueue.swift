import Foundation
import PostgresNIO
import TagarelaCore

/// `TurnQueue`: due contacts claimed under a lease, turns recorded under fencing, memory, spending and quotas.
extension ConversationPostgresStore {
    /// Two statements whatever the batch's size: the first leases the due contacts, the second opens their
    /// turns with the messages waiting for them. (Each statement sees what committed before it began: the
    /// second, run after the leases hold, cannot miss a message stored while the first waited for a lock.)
    public func claimTurns(
        owner: String, channels: Set<ChannelKind>, now: Date, leaseDuration: Duration, limit: Int
    ) async throws -> [TurnClaim] {
        let expiresAt = now.addingTimeInterval(leaseDuration.timeInterval)
        let leased = try await read(
            Self.leaseDueContacts(owner: owner, channels: channels, now: now, expiresAt: expiresAt, limit: limit)
        ).map { row in
            (contact: try Self.contact(from: row), token: try row.makeRandomAccess()["lease_token"].decode(Int64.self))
        }
        guard !leased.isEmpty else { return [] }
        let rows = try await read(
            Self.openTurns(contactIDs: leased.map(\.contact.id), tokens: leased.map(\.token), owner: owner, now: now))
        var waiting: [Int64: (turnID: Int64, messages: [StoredMessage])] = [:]
        for row in rows {
            let turnID = try row.makeRandomAccess()["turn_id"].decode(Int64.self)
            let message = try Self.message(from: row)
            waiting[message.contactID, default: (turnID, [])].messages.append(message)
        }
        return leased.compactMap { contact, token in
            // A contact with nothing to answer (a merge moved its messages away) was released by the statement.
            guard let (turnID, messages) = waiting[contact.id] else { return nil }
            return TurnClaim(
                turnID: turnID, contact: contact, messages: messages.sorted { $0.id < $1.id },
                lease: Lease(owner: owner, token: token, expiresAt: expiresAt))
        }
    }

    /// Leases up to `limit` contacts that are due, or whose worker's lease ran out (it died), and returns them.
    /// SKIP LOCKED passes over contacts another worker is leasing right now.
    static func leaseDueContacts(
        owner: String, channels: Set<ChannelKind>, now: Date, expiresAt: Date, limit: Int
    ) -> PostgresQuery {
        let nowSeconds = now.unixSeconds
        return """
            UPDATE contacts SET lease_owner = \(owner), lease_token = lease_token + 1,
                lease_until = \(expiresAt.unixSeconds), turn_due_at = NULL, pending_since = NULL, pending_last = NULL
            WHERE id IN (
                SELECT id FROM contacts
                WHERE reply_channel = ANY(\(names(channels)))
                  AND ((lease_owner IS NULL AND turn_due_at <= \(nowSeconds))
                       OR (lease_owner IS NOT NULL AND lease_until <= \(nowSeconds)))
                ORDER BY CASE WHEN lease_owner IS NULL THEN turn_due_at ELSE lease_until END, id
                LIMIT \(limit)
                FOR UPDATE SKIP LOCKED)
            RETURNING *
            """
    }

    /// For contacts this worker has just leased: opens a turn for each that has unanswered messages (or messages
    /// of a turn whose worker died, which is abandoned), moves those messages into it and returns them with
    /// their turn's id; releases the contacts that have none.
    static func openTurns(contactIDs: [Int64], tokens: [Int64], owner: String, now: Date) -> PostgresQuery {
        let now = now.unixSeconds
        return """
            WITH leased AS (
                SELECT * FROM unnest(\(contactIDs)::BIGINT[], \(tokens)::BIGINT[]) AS l(id, token)
            ), waiting AS (
                SELECT m.id, m.contact_id FROM messages m JOIN leased l ON m.contact_id = l.id
                WHERE m.direction = 'in' AND m.status = 'received'
                  AND (m.turn_id IS NULL OR m.turn_id IN (
                      SELECT t.id FROM turns t WHERE t.contact_id = m.contact_id AND t.status = 'running'))
            ), opened AS (
                INSERT INTO turns (contact_id, owner, lease_token, started_at, status)
                SELECT l.id, \(owner), l.token, \(now), 'running' FROM leased l
                WHERE EXISTS (SELECT 1 FROM waiting w WHERE w.contact_id = l.id)
                RETURNING id, contact_id
            ), abandoned AS (
                UPDATE turns SET status = 'abandoned', finished_at = \(now)
                WHERE contact_id = ANY(\(contactIDs)) AND status = 'running'
            ), released AS (
                UPDATE contacts c SET lease_owner = NULL, lease_until = NULL
                FROM leased l
                WHERE c.id = l.id AND c.lease_owner = \(owner) AND c.lease_token = l.token
                  AND NOT EXISTS (SELECT 1 FROM waiting w WHERE w.contact_id = l.id)
            ), moved AS (
                UPDATE messages m SET turn_id = o.id
                FROM waiting w JOIN opened o ON o.contact_id = w.contact_id
                WHERE m.id = w.id
                RETURNING m.*
            )
            SELECT * FROM moved
            """
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

    /// Cancels a contact's messages that have not left yet (the contact opted out).
    func cancelUnsent(_ connection: PostgresConnection, contactID: Int64) async throws {
        try await connection.all(
            """
            UPDATE messages SET status = 'cancelled', send_owner = NULL
            WHERE contact_id = \(contactID) AND status = 'pending'
            """, statements)
    }

    public func history(contactID: Int64, upTo messageID: Int64, limit: Int) async throws -> [StoredMessage] {
        // Notices (fallbacks, guards) are not memory; cancelled replies never reached the contact; messages
        // before a clearing are kept, but forgotten.
        let rows = try await read(
            """
            SELECT * FROM messages
            WHERE contact_id = \(contactID) AND id <= \(messageID)
              AND id > (SELECT memory_from FROM contacts WHERE id = \(contactID))
              AND (direction = 'in' OR (kind IN ('text', 'voice', 'operator') AND status <> 'cancelled'))
            ORDER BY id DESC LIMIT \(limit)
            """)
        return try rows.reversed().map(Self.message(from:))
    }

    public func inboundCount(contactID: Int64, since: Date) async throws -> Int {
        let rows = try await read(
            """
            SELECT COUNT(*) FROM messages
            WHERE contact_id = \(contactID) AND direction = 'in' AND created_at >= \(since.unixSeconds)
            """)
        return try rows.first?.decode(Int.self) ?? 0
    }

    public func toolCalls(contactID: Int64, since: Date) async throws -> [ToolCallRecord] {
        let rows = try await read(
            """
            SELECT tool_calls FROM turns
            WHERE contact_id = \(contactID) AND started_at >= \(since.unixSeconds) AND tool_calls IS NOT NULL ORDER BY id
            """)
        return try rows.map { try $0.decode(String.self) }.flatMap(TurnRecord.toolCalls(fromJSON:))
    }

    public func spending(contactID: Int64?, since: Date) async throws -> Spending {
        let sums = """
            SELECT COALESCE(SUM(input_tokens + output_tokens), 0)::BIGINT,
                COALESCE(SUM(COALESCE(cost_usd, 0) + COALESCE(audio_cost_usd, 0)), 0)::DOUBLE PRECISION,
                COALESCE(SUM(audio_cost_usd), 0)::DOUBLE PRECISION FROM turns
            """
        let rows =
            if let contactID {
                try await read(
                    "\(unescaped: sums) WHERE started_at >= \(since.unixSeconds) AND contact_id = \(contactID)")
            } else {
                try await read("\(unescaped: sums) WHERE started_at >= \(since.unixSeconds)")
            }
        guard let (tokens, dollars, audio) = try rows.first?.decode((Int, Double, Double).self) else {
            return Spending()
        }
        return Spending(tokens: tokens, dollars: dollars, audioDollars: audio)
    }

    public func recordTranscript(messageID: Int64, media: MediaAttachment) async throws {
        try await read(
            """
            UPDATE messages SET media = \(media.storedJSON), text = COALESCE(\(media.transcript), text)
            WHERE id = \(messageID) AND direction = 'in'
            """)
    }

    public func takeMediaAllowance(contactID: Int64, bytes: Int, day: Date, quota: MediaQuota) async throws -> Bool {
        let maxCount = quota.dailyCount > 0 ? quota.dailyCount : Int.max
        let maxBytes = quota.dailyBytes > 0 ? quota.dailyBytes : Int.max
        return try await transaction { connection in
            try await connection.all(
                "DELETE FROM media_usage WHERE contact_id = \(contactID) AND day < \(day.unixSeconds)", statements)
            // One statement decides and counts, so instances answering the same contact at once never both pass.
            return try await !connection.all(
                """
                INSERT INTO media_usage (contact_id, day, count, bytes)
                SELECT \(contactID), \(day.unixSeconds), 1, \(bytes) WHERE \(bytes) <= \(maxBytes) AND 1 <= \(maxCount)
                ON CONFLICT (contact_id, day) DO UPDATE SET count = media_usage.count + 1,
                    bytes = media_usage.bytes + EXCLUDED.bytes
                WHERE media_usage.count + 1 <= \(maxCount) AND media_usage.bytes + EXCLUDED.bytes <= \(maxBytes)
                RETURNING true
                """, statements
            ).isEmpty
        }
    }
}
