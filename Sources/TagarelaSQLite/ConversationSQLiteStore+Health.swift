import Foundation
import GRDB
import TagarelaCore

/// `StoreHealth`: the counters of `/stats` and the health check.
extension ConversationSQLiteStore {
    public func checkHealth() async throws {
        _ = try await read { db in try Int.fetchOne(db, sql: "SELECT 1") }
    }

    public func stats() async throws -> StoreStats {
        try await read { db in
            var stats = StoreStats()
            stats.contacts = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM contacts") ?? 0
            stats.messagesIn = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM messages WHERE direction = 'in'") ?? 0
            stats.messagesOut =
                try Int.fetchOne(
                    db, sql: "SELECT COUNT(*) FROM messages WHERE direction = 'out' AND status <> 'cancelled'") ?? 0
            let turns = try Row.fetchOne(
                db,
                sql: """
                    -- A summary's model call counts in tokens and cost, not as a turn.
                    SELECT COALESCE(SUM(status <> 'summary'), 0) AS total,
                           COALESCE(SUM(status = 'answered'), 0) AS answered,
                           COALESCE(SUM(status IN ('failed', 'timed_out')), 0) AS failed,
                           COALESCE(SUM(input_tokens), 0) AS input_tokens,
                           COALESCE(SUM(output_tokens), 0) AS output_tokens,
                           COALESCE(SUM(COALESCE(cost_usd, 0) + COALESCE(audio_cost_usd, 0)), 0.0) AS cost,
                           COALESCE(SUM(audio_cost_usd), 0.0) AS audio_cost
                    FROM turns WHERE status NOT IN ('running', 'abandoned')
                    """)
            stats.turns = turns?["total"] ?? 0
            stats.turnsAnswered = turns?["answered"] ?? 0
            stats.turnsFailed = turns?["failed"] ?? 0
            stats.inputTokens = turns?["input_tokens"] ?? 0
            stats.outputTokens = turns?["output_tokens"] ?? 0
            stats.costUSD = turns?["cost"] ?? 0
            stats.audioCostUSD = turns?["audio_cost"] ?? 0
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
