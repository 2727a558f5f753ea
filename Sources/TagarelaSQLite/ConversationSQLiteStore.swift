import Foundation
import GRDB
import TagarelaCore

/// The embedded store: one SQLite file in WAL mode. SQLite runs one write transaction at a time, so every
/// claim is exclusive by construction; the lease columns still matter when a second process (a restarted
/// instance) opens the same file.
public struct ConversationSQLiteStore: ConversationStore {
    let writer: any DatabaseWriter
    /// Every write goes through it: concurrent writes share one transaction (group commit).
    let batcher: WriteBatcher

    public init(writer: any DatabaseWriter) {
        self.writer = writer
        self.batcher = WriteBatcher(writer: writer)
    }

    /// Opens and migrates the database at `path`; a file database checkpoints its WAL in the background.
    public init(path: String, synchronous: SQLiteDatabase.Synchronous = .normal) throws {
        self.writer = try SQLiteDatabase.open(path: path, synchronous: synchronous)
        let checkpointer = path == ":memory:" ? nil : try BackgroundCheckpointer(path: path)
        self.batcher = WriteBatcher(writer: writer, checkpointer: checkpointer)
    }

    public func checkHealth() async throws {
        _ = try await writer.read { db in try Int.fetchOne(db, sql: "SELECT 1") }
    }

    public func contact(id: Int64) async throws -> Contact? {
        try await writer.read { db in try Self.fetchContact(db, id: id) }
    }

    public func messages(contactID: Int64) async throws -> [StoredMessage] {
        try await writer.read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM messages WHERE contact_id = ? ORDER BY id", arguments: [contactID]
            ).map(Self.message(from:))
        }
    }

    public func messages(contactID: Int64, window: MessageWindow) async throws -> [StoredMessage] {
        try await writer.read { db in
            switch window {
            case .newest(let limit, let before):
                try Row.fetchAll(
                    db,
                    sql: """
                        SELECT * FROM (SELECT * FROM messages WHERE contact_id = ? AND id < ? ORDER BY id DESC LIMIT ?)
                        ORDER BY id
                        """, arguments: [contactID, before ?? .max, limit]
                ).map(Self.message(from:))
            case .after(let after, let limit):
                try Row.fetchAll(
                    db, sql: "SELECT * FROM messages WHERE contact_id = ? AND id > ? ORDER BY id LIMIT ?",
                    arguments: [contactID, after, limit]
                ).map(Self.message(from:))
            }
        }
    }

    public func history(contactID: Int64, upTo messageID: Int64, limit: Int) async throws -> [StoredMessage] {
        try await writer.read { db in
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
        try await writer.read { db in
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

    public func inboundCount(contactID: Int64, since: Date) async throws -> Int {
        try await writer.read { db in
            try Int.fetchOne(
                db.cachedStatement(
                    sql: "SELECT COUNT(*) FROM messages WHERE contact_id = ? AND direction = 'in' AND created_at >= ?"),
                arguments: [contactID, since.sqlSeconds]) ?? 0
        }
    }

    public func stats() async throws -> StoreStats {
        try await writer.read { db in
            var stats = StoreStats()
            stats.contacts = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM contacts") ?? 0
            stats.messagesIn = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM messages WHERE direction = 'in'") ?? 0
            stats.messagesOut =
                try Int.fetchOne(
                    db, sql: "SELECT COUNT(*) FROM messages WHERE direction = 'out' AND status <> 'cancelled'") ?? 0
            let turns = try Row.fetchOne(
                db,
                sql: """
                    SELECT COUNT(*) AS total,
                           COALESCE(SUM(status = 'answered'), 0) AS answered,
                           COALESCE(SUM(status = 'failed'), 0) AS failed,
                           COALESCE(SUM(input_tokens), 0) AS input_tokens,
                           COALESCE(SUM(output_tokens), 0) AS output_tokens
                    FROM turns WHERE status NOT IN ('running', 'abandoned')
                    """)
            stats.turns = turns?["total"] ?? 0
            stats.turnsAnswered = turns?["answered"] ?? 0
            stats.turnsFailed = turns?["failed"] ?? 0
            stats.inputTokens = turns?["input_tokens"] ?? 0
            stats.outputTokens = turns?["output_tokens"] ?? 0
            stats.sendFailures =
                try Int.fetchOne(
                    db,
                    sql: "SELECT COUNT(*) FROM messages WHERE direction = 'out' AND status IN ('failed', 'undelivered')"
                ) ?? 0
            let byModel =
                "SELECT model, SUM(input_tokens), SUM(output_tokens) FROM turns WHERE model IS NOT NULL GROUP BY model"
            for row in try Row.fetchAll(db, sql: byModel) {
                stats.tokensByModel[row[0]] = TokenUsage(inputTokens: row[1], outputTokens: row[2])
            }
            stats.turnsByProvider = Dictionary(
                uniqueKeysWithValues: try Row.fetchAll(db, sql: StoreStats.turnsByProviderSQL).map {
                    (($0[0] as String), ($0[1] as Int))
                })
            stats.sendFailuresByCode = Dictionary(
                uniqueKeysWithValues: try Row.fetchAll(db, sql: StoreStats.failuresByCodeSQL).map {
                    (($0[0] as String), ($0[1] as Int))
                })
            stats.sendsUnknown =
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM messages WHERE status = 'unknown'") ?? 0
            stats.pendingTurns =
                try Int.fetchOne(
                    db, sql: "SELECT COUNT(*) FROM contacts WHERE turn_due_at IS NOT NULL OR lease_owner IS NOT NULL"
                ) ?? 0
            stats.pendingOutbound =
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM messages WHERE status IN ('pending', 'sending')") ?? 0
            return stats
        }
    }
}
