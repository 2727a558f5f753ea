import Foundation
import GRDB
import TagarelaCore

/// The dashboard's reads and the retention purge.
extension ConversationSQLiteStore {
    public func contacts(_ query: ContactListQuery) async throws -> [ContactSummary] {
        try await read { db in
            let pattern = query.likePattern
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT c.*, last.text AS last_text, last.created_at AS last_message_at
                    FROM contacts c
                    LEFT JOIN messages last ON last.id = (SELECT MAX(id) FROM messages WHERE contact_id = c.id)
                    WHERE (?1 IS NULL OR c.profile_name LIKE ?1 ESCAPE '\\' OR c.phone LIKE ?1 ESCAPE '\\'
                           OR c.user_id LIKE ?1 ESCAPE '\\' OR CAST(c.id AS TEXT) = ?2 OR c.local_id = ?2
                           OR EXISTS (SELECT 1 FROM messages m WHERE m.contact_id = c.id AND m.text LIKE ?1 ESCAPE '\\'))
                      AND (?3 = 0 OR c.handoff_at IS NOT NULL)
                    ORDER BY c.last_seen_at DESC, c.id DESC
                    LIMIT ?4 OFFSET ?5
                    """,
                arguments: [pattern, query.search, query.waitingForHuman, query.limit, query.offset])
            return rows.map { row in
                ContactSummary(
                    contact: Self.contact(from: row), lastText: row["last_text"],
                    lastMessageAt: (row["last_message_at"] as Double?).map(Date.init(sqlSeconds:)))
            }
        }
    }

    public func contact(identityKey: String) async throws -> Contact? {
        try await read { db in
            try Row.fetchOne(
                db,
                sql: """
                    SELECT c.* FROM contacts c JOIN contact_identities i ON i.contact_id = c.id WHERE i.key = ?
                    """, arguments: [identityKey]
            ).map(Self.contact(from:))
        }
    }

    public func turns(contactID: Int64, from firstID: Int64) async throws -> [TurnSummary] {
        try await read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM turns WHERE contact_id = ? AND id >= ? ORDER BY id",
                arguments: [contactID, firstID]
            )
            .map { row in
                TurnSummary(
                    id: row["id"], status: row["status"], startedAt: Date(sqlSeconds: row["started_at"]),
                    provider: row["provider"], model: row["model"], inputTokens: row["input_tokens"],
                    outputTokens: row["output_tokens"], latencyMilliseconds: row["latency_ms"],
                    note: row["note"], toolCalls: row["tool_calls"], voice: row["voice"], knowledge: row["knowledge"])
            }
        }
    }

    public func activity(since: Date, utcOffset: Int) async throws -> [DailyActivity] {
        try await read { db in
            let messages = try Row.fetchAll(
                db,
                sql: """
                    SELECT CAST((created_at + ?1) / 86400 AS INTEGER) AS day,
                           SUM(direction = 'in') AS inbound,
                           SUM(direction = 'out' AND status NOT IN ('cancelled', 'pending', 'sending')) AS outbound
                    FROM messages WHERE created_at >= ?2 GROUP BY day
                    """, arguments: [utcOffset, since.sqlSeconds]
            ).map { (day: $0["day"] as Int, inbound: $0["inbound"] as Int, outbound: $0["outbound"] as Int) }
            let turns = try Row.fetchAll(
                db,
                sql: """
                    SELECT CAST((started_at + ?1) / 86400 AS INTEGER) AS day, COUNT(*) AS total,
                           SUM(status IN ('failed', 'timed_out')) AS failed
                    FROM turns WHERE started_at >= ?2 AND status IN ('answered', 'failed', 'timed_out') GROUP BY day
                    """, arguments: [utcOffset, since.sqlSeconds]
            ).map { (day: $0["day"] as Int, total: $0["total"] as Int, failed: $0["failed"] as Int) }
            return DailyActivity.merge(messages: messages, turns: turns)
        }
    }

    public func replyLatencies(since: Date) async throws -> [Double] {
        try await read { db in
            try Double.fetchAll(
                db,
                sql: """
                    SELECT latency_ms FROM turns
                    WHERE started_at >= ? AND status = 'answered' AND latency_ms IS NOT NULL
                    """, arguments: [since.sqlSeconds])
        }
    }

    public func purge(olderThan cutoff: Date) async throws -> PurgeCounts {
        try await write { db in
            var counts = PurgeCounts()
            try db.execute(
                sql: """
                    DELETE FROM messages WHERE created_at < ? AND status NOT IN ('pending', 'sending')
                      AND NOT (direction = 'in' AND contact_id IN
                          (SELECT id FROM contacts WHERE turn_due_at IS NOT NULL OR lease_owner IS NOT NULL))
                    """, arguments: [cutoff.sqlSeconds])
            counts.messages = db.changesCount
            try db.execute(
                sql: """
                    DELETE FROM turns WHERE started_at < ? AND status <> 'running'
                      AND NOT EXISTS (SELECT 1 FROM messages WHERE turn_id = turns.id)
                    """, arguments: [cutoff.sqlSeconds])
            counts.turns = db.changesCount
            // A summary last made before the cutoff holds only what purged messages said; one made since stays.
            try db.execute(
                sql: """
                    DELETE FROM memory_summaries WHERE COALESCE(updated_at, 0) < ? AND lease_owner IS NULL
                      AND fold_through <= through_message_id
                    """, arguments: [cutoff.sqlSeconds])
            // A journal entry only matters to a turn run again, a held call to the contact's next message.
            try db.execute(sql: "DELETE FROM tool_journal WHERE started_at < ?", arguments: [cutoff.sqlSeconds])
            try db.execute(sql: "DELETE FROM held_tool_calls WHERE held_at < ?", arguments: [cutoff.sqlSeconds])
            // Catalogued photos are the contact's own data, not conversation: they stay.
            try db.execute(
                sql: """
                    DELETE FROM media WHERE created_at < ?
                      AND id NOT IN (SELECT media_id FROM catalogue_photos WHERE item_id IS NOT NULL)
                    """, arguments: [cutoff.sqlSeconds])
            counts.media = db.changesCount
            try db.execute(
                sql: "DELETE FROM catalogue_photos WHERE item_id IS NULL AND media_id NOT IN (SELECT id FROM media)")
            return counts
        }
    }

    public func resumeIdleHandoffs(idleSince cutoff: Date) async throws -> [Int64] {
        try await write { db in
            try Int64.fetchAll(
                db,
                sql: """
                    UPDATE contacts SET handoff_at = NULL, handoff_reason = NULL
                    WHERE handoff_at IS NOT NULL AND handoff_at < ?1
                      AND NOT EXISTS (SELECT 1 FROM messages WHERE contact_id = contacts.id AND created_at >= ?1)
                    RETURNING id
                    """, arguments: [cutoff.sqlSeconds])
        }
    }

    public func sendHealth(since: Date) async throws -> [ChannelKind: SendHealth] {
        try await read { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT channel,
                           SUM(status IN ('sent', 'delivered', 'read', 'played')) AS sent,
                           SUM(status IN ('failed', 'undelivered', 'unknown')) AS failed
                    FROM messages WHERE direction = 'out' AND created_at >= ? GROUP BY channel
                    """, arguments: [since.sqlSeconds])
            return Dictionary(
                rows.map { (ChannelKind(rawValue: $0["channel"]), SendHealth(sent: $0["sent"], failed: $0["failed"])) },
                uniquingKeysWith: { first, _ in first })
        }
    }
}
