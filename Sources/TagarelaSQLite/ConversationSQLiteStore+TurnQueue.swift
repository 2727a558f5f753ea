import Foundation
import GRDB
import TagarelaCore

/// `TurnQueue`: due contacts claimed under a lease, turns recorded under fencing, memory, spending and quotas.
extension ConversationSQLiteStore {
    public func claimTurns(
        owner: String, channels: Set<ChannelKind>, now: Date, leaseDuration: Duration, limit: Int
    ) async throws -> [TurnClaim] {
        let channelList = Self.sqlList(channels)
        return try await write { db in
            let nowSeconds = now.sqlSeconds
            // Due and free, or leased by a worker whose lease ran out (it died): both are work to hand out.
            let candidates = try Int64.fetchAll(
                db.cachedStatement(
                    sql: """
                        SELECT id FROM (
                            SELECT id, turn_due_at AS due FROM contacts
                            WHERE turn_due_at <= :now AND lease_owner IS NULL AND reply_channel IN (\(channelList))
                            UNION ALL
                            SELECT id, lease_until AS due FROM contacts
                            WHERE lease_owner IS NOT NULL AND lease_until <= :now AND reply_channel IN (\(channelList))
                        ) ORDER BY due LIMIT :limit
                        """),
                arguments: ["now": nowSeconds, "limit": limit])
            var claims: [TurnClaim] = []
            let expiresAt = now.addingTimeInterval(leaseDuration.timeInterval)
            for contactID in candidates {
                if let claim = try Self.claimTurn(
                    db, contactID: contactID, owner: owner, now: now, expiresAt: expiresAt)
                {
                    claims.append(claim)
                }
            }
            return claims
        }
    }

    private static func claimTurn(
        _ db: Database, contactID: Int64, owner: String, now: Date, expiresAt: Date
    ) throws -> TurnClaim? {
        let token =
            (try Int64.fetchOne(db, sql: "SELECT lease_token FROM contacts WHERE id = ?", arguments: [contactID]) ?? 0)
            + 1
        try db.cachedStatement(
            sql: "INSERT INTO turns (contact_id, owner, lease_token, started_at, status) VALUES (?, ?, ?, ?, 'running')"
        ).execute(arguments: [contactID, owner, token, now.sqlSeconds])
        let turnID = db.lastInsertedRowID
        // Unanswered messages, and those of a turn whose worker died, belong to this turn now.
        try db.cachedStatement(
            sql: """
                UPDATE messages SET turn_id = :turn
                WHERE contact_id = :contact AND direction = 'in' AND status = 'received'
                  AND (turn_id IS NULL OR turn_id IN (SELECT id FROM turns WHERE contact_id = :contact AND status = 'running'))
                """
        ).execute(arguments: ["turn": turnID, "contact": contactID])
        try db.cachedStatement(
            sql:
                "UPDATE turns SET status = 'abandoned', finished_at = ? WHERE contact_id = ? AND status = 'running' AND id <> ?"
        ).execute(arguments: [now.sqlSeconds, contactID, turnID])
        let messages = try Row.fetchAll(
            db.cachedStatement(sql: "SELECT * FROM messages WHERE turn_id = ? ORDER BY id"), arguments: [turnID]
        ).map(message(from:))
        guard !messages.isEmpty else {
            // Nothing to answer (a merge moved the messages away): release the contact.
            try db.execute(sql: "DELETE FROM turns WHERE id = ?", arguments: [turnID])
            try db.execute(
                sql: """
                    UPDATE contacts SET lease_owner = NULL, lease_until = NULL, turn_due_at = NULL,
                        pending_since = NULL, pending_last = NULL WHERE id = ?
                    """,
                arguments: [contactID])
            return nil
        }
        try db.cachedStatement(
            sql: """
                UPDATE contacts SET lease_owner = ?, lease_token = ?, lease_until = ?,
                    turn_due_at = NULL, pending_since = NULL, pending_last = NULL
                WHERE id = ?
                """
        ).execute(arguments: [owner, token, expiresAt.sqlSeconds, contactID])
        guard let contact = try fetchContact(db, id: contactID) else { return nil }
        return TurnClaim(
            turnID: turnID, contact: contact, messages: messages,
            lease: Lease(owner: owner, token: token, expiresAt: expiresAt))
    }

    public func renewTurnLease(_ claim: TurnClaim, now: Date, leaseDuration: Duration) async throws -> Lease {
        let expiresAt = now.addingTimeInterval(leaseDuration.timeInterval)
        return try await write { db in
            try db.cachedStatement(
                sql: "UPDATE contacts SET lease_until = ? WHERE id = ? AND lease_owner = ? AND lease_token = ?"
            ).execute(arguments: [expiresAt.sqlSeconds, claim.contact.id, claim.lease.owner, claim.lease.token])
            guard db.changesCount == 1 else { throw StorageError.leaseLost }
            return Lease(owner: claim.lease.owner, token: claim.lease.token, expiresAt: expiresAt)
        }
    }

    public func completeTurn(
        _ claim: TurnClaim, outcome: TurnOutcome, now: Date, firstReply: SendClaimRequest?
    ) async throws -> OutboundClaim? {
        try await write { db in
            let holder = try Row.fetchOne(
                db.cachedStatement(
                    sql: """
                        SELECT lease_owner, lease_token, reply_channel, reply_address, opted_out, last_inbound_at,
                            business_address
                        FROM contacts WHERE id = ?
                        """),
                arguments: [claim.contact.id])
            guard let holder, holder["lease_owner"] as String? == claim.lease.owner,
                holder["lease_token"] as Int64? == claim.lease.token
            else { throw StorageError.leaseLost }
            let record = outcome.record
            try db.cachedStatement(
                sql: """
                    UPDATE turns SET status = ?, finished_at = ?, provider = ?, model = ?, input_tokens = ?,
                        output_tokens = ?, latency_ms = ?, note = ?, tool_calls = ?, voice = ?, cost_usd = ?,
                        audio_cost_usd = ?, knowledge = ?
                    WHERE id = ?
                    """
            ).execute(arguments: [
                record.status.rawValue, now.sqlSeconds, record.provider, record.model, record.usage.inputTokens,
                record.usage.outputTokens, record.latency.timeInterval * 1000, record.note, record.toolCallsJSON,
                record.voiceJSON, record.cost.text, record.cost.audio, record.knowledgeJSON, claim.turnID,
            ])
            try Self.apply(outcome.effects, db, contactID: claim.contact.id, now: now)
            if let through = outcome.foldThrough {
                try Self.queueFold(db, contactID: claim.contact.id, through: through, now: now)
            }
            let channel: String = holder["reply_channel"]
            let address: String = holder["reply_address"]
            var firstReplyID: Int64?
            for draft in outcome.replies {
                try db.cachedStatement(
                    sql: """
                        INSERT INTO messages (contact_id, direction, channel, kind, text, created_at, status, turn_id,
                            reply_address, next_attempt_at, media)
                        VALUES (?, 'out', ?, ?, ?, ?, 'pending', ?, ?, ?, ?)
                        """
                ).execute(arguments: [
                    claim.contact.id, channel, draft.kind.rawValue, draft.text, now.sqlSeconds, claim.turnID, address,
                    now.sqlSeconds, draft.media?.storedJSON,
                ])
                if firstReplyID == nil { firstReplyID = db.lastInsertedRowID }
            }
            try db.cachedStatement(
                sql: """
                    UPDATE contacts SET lease_owner = NULL, lease_until = NULL,
                        outbound_count = outbound_count + ?,
                        opted_out = COALESCE(?, opted_out),
                        rate_notice_until = COALESCE(?, rate_notice_until),
                        budget_notice_until = COALESCE(?, budget_notice_until)
                    WHERE id = ?
                    """
            ).execute(arguments: [
                outcome.replies.count, outcome.optOut, outcome.rateLimitNoticeUntil?.sqlSeconds,
                outcome.budgetNoticeUntil?.sqlSeconds, claim.contact.id,
            ])
            if outcome.optOut == true {
                try Self.cancelUnsent(db, contactID: claim.contact.id)
            }
            let replyChannel = ChannelKind(rawValue: channel)
            guard let firstReply, let firstReplyID, !(outcome.optOut ?? holder["opted_out"]),
                firstReply.channels.contains(replyChannel)
            else { return nil }
            let envelope = OutboundEnvelope(
                messageID: firstReplyID, contactID: claim.contact.id, to: address, text: outcome.replies[0].text,
                lastInboundAt: (holder["last_inbound_at"] as Double?).map(Date.init(sqlSeconds:)),
                kind: outcome.replies[0].kind, media: outcome.replies[0].media, from: holder["business_address"])
            return try Self.claimFirstReply(
                db, envelope: envelope, channel: replyChannel, request: firstReply, now: now)
        }
    }

    /// Claims a turn's first reply for its sender, unless an earlier message of the contact must leave first.
    private static func claimFirstReply(
        _ db: Database, envelope: OutboundEnvelope, channel: ChannelKind, request: SendClaimRequest, now: Date
    ) throws -> OutboundClaim? {
        let earlier =
            try Bool.fetchOne(
                db.cachedStatement(
                    sql: """
                        SELECT EXISTS (SELECT 1 FROM messages
                            WHERE contact_id = ? AND status IN ('pending', 'sending') AND id < ?)
                        """), arguments: [envelope.contactID, envelope.messageID]) ?? true
        guard !earlier else { return nil }
        let lease = Lease(
            owner: request.owner, token: 1, expiresAt: now.addingTimeInterval(request.leaseDuration.timeInterval))
        try db.cachedStatement(
            sql: """
                UPDATE messages SET status = 'sending', send_owner = ?, send_token = ?, send_lease_until = ?,
                    attempts = 1, send_started_at = ?
                WHERE id = ?
                """
        ).execute(arguments: [lease.owner, lease.token, lease.expiresAt.sqlSeconds, now.sqlSeconds, envelope.messageID])
        return OutboundClaim(envelope: envelope, channel: channel, attempt: 1, lease: lease)
    }

    public func nextTurnDue(channels: Set<ChannelKind>) async throws -> Date? {
        let channelList = Self.sqlList(channels)
        return try await read { db in
            try Double.fetchOne(
                db.cachedStatement(
                    sql: """
                        SELECT MIN(due) FROM (
                            SELECT MIN(turn_due_at) AS due FROM contacts WHERE turn_due_at IS NOT NULL AND lease_owner IS NULL
                                AND reply_channel IN (\(channelList))
                            UNION ALL
                            SELECT MIN(lease_until) AS due FROM contacts
                            WHERE lease_owner IS NOT NULL AND reply_channel IN (\(channelList))
                        )
                        """)
            ).map(Date.init(sqlSeconds:))
        }
    }

    /// Channel names as a literal SQL list; they come from code, never from a request.
    static func sqlList(_ channels: Set<ChannelKind>) -> String {
        channels.map(\.rawValue).sorted().map { "'\($0.replacingOccurrences(of: "'", with: "''"))'" }
            .joined(separator: ", ")
    }

    /// Cancels a contact's messages that have not left yet (the contact opted out).
    static func cancelUnsent(_ db: Database, contactID: Int64) throws {
        try db.execute(
            sql:
                "UPDATE messages SET status = 'cancelled', send_owner = NULL WHERE contact_id = ? AND status = 'pending'",
            arguments: [contactID])
    }

    public func history(contactID: Int64, upTo messageID: Int64, limit: Int) async throws -> [StoredMessage] {
        try await read { db in
            // Notices (fallbacks, guards) are not memory; cancelled replies never reached the contact; messages
            // before a clearing are kept, but forgotten.
            let rows = try Row.fetchAll(
                db.cachedStatement(
                    sql: """
                        SELECT * FROM messages
                        WHERE contact_id = ? AND id <= ?
                          AND id > (SELECT memory_from FROM contacts WHERE id = ?)
                          AND (direction = 'in' OR (kind IN ('text', 'voice', 'operator') AND status <> 'cancelled'))
                        ORDER BY id DESC LIMIT ?
                        """),
                arguments: [contactID, messageID, contactID, limit])
            return rows.reversed().map(Self.message(from:))
        }
    }

    public func spending(contactID: Int64?, since: Date) async throws -> Spending {
        try await read { db in
            let filter = contactID == nil ? "" : " AND contact_id = ?"
            var arguments: StatementArguments = [since.sqlSeconds]
            if let contactID { arguments += [contactID] }
            let row = try Row.fetchOne(
                db.cachedStatement(
                    sql: """
                        SELECT COALESCE(SUM(input_tokens + output_tokens), 0) AS tokens,
                            COALESCE(SUM(COALESCE(cost_usd, 0) + COALESCE(audio_cost_usd, 0)), 0.0) AS dollars,
                            COALESCE(SUM(audio_cost_usd), 0.0) AS audio
                        FROM turns WHERE started_at >= ?
                        """ + filter), arguments: arguments)
            return Spending(
                tokens: row?["tokens"] ?? 0, dollars: row?["dollars"] ?? 0, audioDollars: row?["audio"] ?? 0)
        }
    }

    public func toolCalls(contactID: Int64, since: Date) async throws -> [ToolCallRecord] {
        try await read { db in
            try String.fetchAll(
                db.cachedStatement(
                    sql: """
                        SELECT tool_calls FROM turns
                        WHERE contact_id = ? AND started_at >= ? AND tool_calls IS NOT NULL ORDER BY id
                        """),
                arguments: [contactID, since.sqlSeconds]
            ).flatMap(TurnRecord.toolCalls(fromJSON:))
        }
    }

    public func inboundCount(contactID: Int64, since: Date) async throws -> Int {
        try await read { db in
            try Int.fetchOne(
                db.cachedStatement(
                    sql: "SELECT COUNT(*) FROM messages WHERE contact_id = ? AND direction = 'in' AND created_at >= ?"),
                arguments: [contactID, since.sqlSeconds]) ?? 0
        }
    }

    public func recordTranscript(messageID: Int64, media: MediaAttachment) async throws {
        try await write { db in
            try db.execute(
                sql: "UPDATE messages SET media = ?, text = COALESCE(?, text) WHERE id = ? AND direction = 'in'",
                arguments: [media.storedJSON, media.transcript, messageID])
        }
    }

    public func takeMediaAllowance(contactID: Int64, bytes: Int, day: Date, quota: MediaQuota) async throws -> Bool {
        try await write { db in
            try db.execute(
                sql: "DELETE FROM media_usage WHERE contact_id = ? AND day < ?", arguments: [contactID, day.sqlSeconds])
            let used = try Row.fetchOne(
                db, sql: "SELECT count, bytes FROM media_usage WHERE contact_id = ? AND day = ?",
                arguments: [contactID, day.sqlSeconds])
            let count = (used?["count"] as Int? ?? 0) + 1
            let total = (used?["bytes"] as Int? ?? 0) + bytes
            if quota.dailyCount > 0, count > quota.dailyCount { return false }
            if quota.dailyBytes > 0, total > quota.dailyBytes { return false }
            try db.execute(
                sql: """
                    INSERT INTO media_usage (contact_id, day, count, bytes) VALUES (?, ?, ?, ?)
                    ON CONFLICT (contact_id, day) DO UPDATE SET count = excluded.count, bytes = excluded.bytes
                    """, arguments: [contactID, day.sqlSeconds, count, total])
            return true
        }
    }
}
