import Foundation
import PostgresNIO
import TagarelaCore

/// `TurnQueue`: due contacts claimed under a lease, turns recorded under fencing, memory, spending and quotas.
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
                """, statements
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
            """, statements)
        guard let opened = try opened.first?.decode((Int64, Int64).self) else { return nil }
        let (turnID, token) = opened
        // Unanswered messages, and those of a turn whose worker died, belong to this turn now.
        try await connection.all(
            """
            UPDATE messages SET turn_id = \(turnID)
            WHERE contact_id = \(contactID) AND direction = 'in' AND status = 'received'
              AND (turn_id IS NULL
                   OR turn_id IN (SELECT id FROM turns WHERE contact_id = \(contactID) AND status = 'running'))
            """, statements)
        try await connection.all(
            """
            UPDATE turns SET status = 'abandoned', finished_at = \(now.unixSeconds)
            WHERE contact_id = \(contactID) AND status = 'running' AND id <> \(turnID)
            """, statements)
        let messages = try await connection.all(
            "SELECT * FROM messages WHERE turn_id = \(turnID) ORDER BY id", statements
        ).map(Self.message(from:))
        guard !messages.isEmpty else {
            // Nothing to answer (a merge moved the messages away): release the contact.
            try await connection.all("DELETE FROM turns WHERE id = \(turnID)", statements)
            try await connection.all(
                """
                UPDATE contacts SET lease_owner = NULL, lease_until = NULL, turn_due_at = NULL,
                    pending_since = NULL, pending_last = NULL
                WHERE id = \(contactID)
                """, statements)
            return nil
        }
        let leased = try await connection.all(
            """
            UPDATE contacts SET lease_owner = \(owner), lease_token = \(token), lease_until = \(expiresAt.unixSeconds),
                turn_due_at = NULL, pending_since = NULL, pending_last = NULL
            WHERE id = \(contactID)
            RETURNING *
            """, statements)
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

    public func completeTurn(
        _ claim: TurnClaim, outcome: TurnOutcome, now: Date, firstReply: SendClaimRequest?
    ) async throws -> OutboundClaim? {
        try await transaction { connection in
            // The row lock keeps a takeover from slipping in between the lease check and the writes.
            let holder = try await connection.all(
                """
                SELECT lease_owner, lease_token, reply_channel, reply_address, opted_out, last_inbound_at,
                    business_address
                FROM contacts WHERE id = \(claim.contact.id) FOR UPDATE
                """, statements
            ).first?.decode((String?, Int64, String, String, Bool, Double?, String?).self)
            guard let holder, holder.0 == claim.lease.owner, holder.1 == claim.lease.token else {
                throw StorageError.leaseLost
            }
            let (_, _, channel, address, optedOut, lastInboundAt, businessAddress) = holder
            let record = outcome.record
            try await connection.all(
                """
                UPDATE turns SET status = \(record.status.rawValue), finished_at = \(now.unixSeconds),
                    provider = \(record.provider), model = \(record.model), input_tokens = \(record.usage.inputTokens),
                    output_tokens = \(record.usage.outputTokens), latency_ms = \(record.latency.timeInterval * 1000),
                    note = \(record.note), tool_calls = \(record.toolCallsJSON),
                    voice = \(record.voiceJSON), cost_usd = \(record.cost.text), audio_cost_usd = \(record.cost.audio),
                    knowledge = \(record.knowledgeJSON)
                WHERE id = \(claim.turnID)
                """, statements)
            try await apply(outcome.effects, connection, contactID: claim.contact.id, now: now)
            if let through = outcome.foldThrough {
                try await queueFold(connection, contactID: claim.contact.id, through: through, now: now)
            }
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
                    """, statements)
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
                """, statements)
            if outcome.optOut == true {
                try await cancelUnsent(connection, contactID: claim.contact.id)
            }
            // The released contact may have more messages waiting, and the replies wait for an outbox worker.
            try await connection.all(
                "SELECT pg_notify(\(Self.turnsChannel), ''), pg_notify(\(Self.outboxChannel), '')", statements)
            let replyChannel = ChannelKind(rawValue: channel)
            guard let firstReply, let firstReplyID, !(outcome.optOut ?? optedOut),
                firstReply.channels.contains(replyChannel)
            else { return nil }
            let envelope = OutboundEnvelope(
                messageID: firstReplyID, contactID: claim.contact.id, to: address, text: outcome.replies[0].text,
                lastInboundAt: lastInboundAt.map(Date.init(unixSeconds:)), kind: outcome.replies[0].kind,
                media: outcome.replies[0].media, from: businessAddress)
            return try await claimFirstReply(
                connection, envelope: envelope, channel: replyChannel, request: firstReply, now: now)
        }
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
            """, statements)
        return claimed.isEmpty ? nil : OutboundClaim(envelope: envelope, channel: channel, attempt: 1, lease: lease)
    }
}
