import Foundation
import PostgresNIO
import TagarelaCore

/// The dashboard's reads and the retention purge.
extension ConversationPostgresStore {
    public func contacts(_ query: ContactListQuery) async throws -> [ContactSummary] {
        let pattern = query.likePattern
        let rows = try await read(
            """
            SELECT c.*, last.text AS last_text, last.created_at AS last_message_at
            FROM contacts c
            LEFT JOIN messages last ON last.id = (SELECT MAX(id) FROM messages WHERE contact_id = c.id)
            WHERE (\(pattern)::text IS NULL OR c.profile_name ILIKE \(pattern) OR c.phone ILIKE \(pattern)
                   OR c.user_id ILIKE \(pattern) OR c.id::text = \(query.search) OR c.local_id = \(query.search)
                   OR EXISTS (SELECT 1 FROM messages m WHERE m.contact_id = c.id AND m.text ILIKE \(pattern)))
              AND (NOT \(query.waitingForHuman) OR c.handoff_at IS NOT NULL)
            ORDER BY c.last_seen_at DESC, c.id DESC
            LIMIT \(query.limit) OFFSET \(query.offset)
            """)
        return try rows.map { row in
            let (lastText, lastAt) = try row.makeRandomAccess().decodeLast()
            return ContactSummary(
                contact: try Self.contact(from: row), lastText: lastText,
                lastMessageAt: lastAt.map(Date.init(unixSeconds:)))
        }
    }

    public func contact(identityKey: String) async throws -> Contact? {
        try await read(
            """
            SELECT c.* FROM contacts c JOIN contact_identities i ON i.contact_id = c.id WHERE i.key = \(identityKey)
            """
        ).first.map(Self.contact(from:))
    }

    public func turns(contactID: Int64, from firstID: Int64) async throws -> [TurnSummary] {
        try await read(
            """
            SELECT id, status, started_at, provider, model, input_tokens, output_tokens, latency_ms, note,
                   tool_calls, voice, knowledge
            FROM turns WHERE contact_id = \(contactID) AND id >= \(firstID) ORDER BY id
            """
        ).map { row in
            let (id, status, started, provider, model, input, output, latency, note, tools, voice, knowledge) =
                try row.decode(
                    (Int64, String, Double, String?, String?, Int, Int, Double?, String?, String?, String?, String?)
                        .self)
            return TurnSummary(
                id: id, status: status, startedAt: Date(unixSeconds: started), provider: provider, model: model,
                inputTokens: input, outputTokens: output, latencyMilliseconds: latency, note: note, toolCalls: tools,
                voice: voice, knowledge: knowledge)
        }
    }

    public func activity(since: Date, utcOffset: Int) async throws -> [DailyActivity] {
        let offset = Double(utcOffset)
        let messages = try await read(
            """
            SELECT FLOOR((created_at + \(offset)) / 86400)::bigint AS day,
                   COUNT(*) FILTER (WHERE direction = 'in'),
                   COUNT(*) FILTER (WHERE direction = 'out' AND status NOT IN ('cancelled', 'pending', 'sending'))
            FROM messages WHERE created_at >= \(since.unixSeconds) GROUP BY day
            """
        ).map { row in
            let (day, inbound, outbound) = try row.decode((Int, Int, Int).self)
            return (day: day, inbound: inbound, outbound: outbound)
        }
        let turns = try await read(
            """
            SELECT FLOOR((started_at + \(offset)) / 86400)::bigint AS day, COUNT(*),
                   COUNT(*) FILTER (WHERE status IN ('failed', 'timed_out'))
            FROM turns WHERE started_at >= \(since.unixSeconds) AND status IN ('answered', 'failed', 'timed_out')
            GROUP BY day
            """
        ).map { row in
            let (day, total, failed) = try row.decode((Int, Int, Int).self)
            return (day: day, total: total, failed: failed)
        }
        return DailyActivity.merge(messages: messages, turns: turns)
    }

    public func replyLatencies(since: Date) async throws -> [Double] {
        try await read(
            """
            SELECT latency_ms FROM turns
            WHERE started_at >= \(since.unixSeconds) AND status = 'answered' AND latency_ms IS NOT NULL
            """
        ).map { try $0.decode(Double.self) }
    }

    public func purge(olderThan cutoff: Date) async throws -> PurgeCounts {
        let cutoff = cutoff.unixSeconds
        return try await transaction { connection in
            let messages = try await connection.all(
                """
                WITH gone AS (
                    DELETE FROM messages WHERE created_at < \(cutoff) AND status NOT IN ('pending', 'sending')
                      AND NOT (direction = 'in' AND contact_id IN
                          (SELECT id FROM contacts WHERE turn_due_at IS NOT NULL OR lease_owner IS NOT NULL))
                    RETURNING 1)
                SELECT COUNT(*) FROM gone
                """, statements)
            let turns = try await connection.all(
                """
                WITH gone AS (
                    DELETE FROM turns WHERE started_at < \(cutoff) AND status <> 'running'
                      AND NOT EXISTS (SELECT 1 FROM messages WHERE turn_id = turns.id)
                    RETURNING 1)
                SELECT COUNT(*) FROM gone
                """, statements)
            // A summary last made before the cutoff holds only what purged messages said; one made since stays.
            try await connection.all(
                """
                DELETE FROM memory_summaries WHERE COALESCE(updated_at, 0) < \(cutoff) AND lease_owner IS NULL
                  AND fold_through <= through_message_id
                """, statements)
            // A journal entry only matters to a turn run again, a held call to the contact's next message.
            try await connection.all("DELETE FROM tool_journal WHERE started_at < \(cutoff)", statements)
            try await connection.all("DELETE FROM held_tool_calls WHERE held_at < \(cutoff)", statements)
            // Catalogued photos are the contact's own data, not conversation: they stay.
            let media = try await connection.all(
                """
                WITH gone AS (
                    DELETE FROM media WHERE created_at < \(cutoff)
                      AND id NOT IN (SELECT media_id FROM catalogue_photos WHERE item_id IS NOT NULL)
                    RETURNING 1)
                SELECT COUNT(*) FROM gone
                """, statements)
            try await connection.all(
                "DELETE FROM catalogue_photos WHERE item_id IS NULL AND media_id NOT IN (SELECT id FROM media)",
                statements)
            return PurgeCounts(
                messages: try messages.first?.decode(Int.self) ?? 0, turns: try turns.first?.decode(Int.self) ?? 0,
                media: try media.first?.decode(Int.self) ?? 0)
        }
    }

    public func resumeIdleHandoffs(idleSince cutoff: Date) async throws -> [Int64] {
        let cutoff = cutoff.unixSeconds
        return try await read(
            """
            UPDATE contacts SET handoff_at = NULL, handoff_reason = NULL
            WHERE handoff_at IS NOT NULL AND handoff_at < \(cutoff)
              AND NOT EXISTS (SELECT 1 FROM messages WHERE contact_id = contacts.id AND created_at >= \(cutoff))
            RETURNING id
            """
        ).map { try $0.decode(Int64.self) }
    }

    public func sendHealth(since: Date) async throws -> [ChannelKind: SendHealth] {
        let rows = try await read(
            """
            SELECT channel,
                   COUNT(*) FILTER (WHERE status = ANY(\(SendHealth.sentStatuses))),
                   COUNT(*) FILTER (WHERE status = ANY(\(SendHealth.failedStatuses)))
            FROM messages WHERE direction = 'out' AND created_at >= \(since.unixSeconds) GROUP BY channel
            """)
        var health: [ChannelKind: SendHealth] = [:]
        for row in rows {
            let (channel, sent, failed) = try row.decode((String, Int, Int).self)
            health[ChannelKind(rawValue: channel)] = SendHealth(sent: sent, failed: failed)
        }
        return health
    }
}

extension PostgresRandomAccessRow {
    /// The newest message's text and time, joined onto a contact row.
    fileprivate func decodeLast() throws -> (String?, Double?) {
        (try self["last_text"].decode(String?.self), try self["last_message_at"].decode(Double?.self))
    }
}
