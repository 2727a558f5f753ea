import Foundation
import PostgresNIO
import TagarelaCore

/// `StoreHealth`: the counters of `/stats` and the health check.
extension ConversationPostgresStore {
    public func stats() async throws -> StoreStats {
        // One statement, so the counters come from one snapshot. Sums are cast back from NUMERIC.
        let rows = try await read(
            """
            SELECT
                (SELECT COUNT(*) FROM contacts) AS contacts,
                (SELECT COUNT(*) FROM messages WHERE direction = 'in') AS messages_in,
                (SELECT COUNT(*) FROM messages WHERE direction = 'out' AND status <> 'cancelled') AS messages_out,
                t.total, t.answered, t.failed, t.input_tokens, t.output_tokens, t.cost, t.audio_cost,
                (SELECT COUNT(*) FROM messages
                 WHERE direction = 'out' AND status IN ('failed', 'undelivered')) AS send_failures,
                (SELECT COUNT(*) FROM messages WHERE status = 'unknown') AS sends_unknown,
                (SELECT COUNT(*) FROM contacts
                 WHERE turn_due_at IS NOT NULL OR lease_owner IS NOT NULL) AS pending_turns,
                (SELECT COUNT(*) FROM messages WHERE status IN ('pending', 'sending')) AS pending_outbound
            FROM (
                SELECT COUNT(*) FILTER (WHERE status <> 'summary') AS total,
                       COUNT(*) FILTER (WHERE status = 'answered') AS answered,
                       COUNT(*) FILTER (WHERE status IN ('failed', 'timed_out')) AS failed,
                       COALESCE(SUM(input_tokens), 0)::BIGINT AS input_tokens,
                       COALESCE(SUM(output_tokens), 0)::BIGINT AS output_tokens,
                       COALESCE(SUM(COALESCE(cost_usd, 0) + COALESCE(audio_cost_usd, 0)), 0)::DOUBLE PRECISION AS cost,
                       COALESCE(SUM(audio_cost_usd), 0)::DOUBLE PRECISION AS audio_cost
                FROM turns WHERE status NOT IN ('running', 'abandoned')
            ) AS t
            """)
        guard let row = rows.first?.makeRandomAccess() else { return StoreStats() }
        func count(_ column: String) throws -> Int { try row[column].decode(Int.self) }
        var stats = StoreStats()
        stats.contacts = try count("contacts")
        stats.messagesIn = try count("messages_in")
        stats.messagesOut = try count("messages_out")
        stats.turns = try count("total")
        stats.turnsAnswered = try count("answered")
        stats.turnsFailed = try count("failed")
        stats.inputTokens = try count("input_tokens")
        stats.outputTokens = try count("output_tokens")
        stats.costUSD = try row["cost"].decode(Double.self)
        stats.audioCostUSD = try row["audio_cost"].decode(Double.self)
        stats.sendFailures = try count("send_failures")
        stats.sendsUnknown = try count("sends_unknown")
        stats.pendingTurns = try count("pending_turns")
        stats.pendingOutbound = try count("pending_outbound")
        // SUM of BIGINT is NUMERIC in PostgreSQL: cast back for the driver.
        let byModel =
            "SELECT model, SUM(input_tokens)::BIGINT, SUM(output_tokens)::BIGINT FROM turns "
            + "WHERE model IS NOT NULL GROUP BY model"
        for row in try await read(PostgresQuery(unsafeSQL: byModel)) {
            let (model, input, output) = try row.decode((String, Int, Int).self)
            stats.tokensByModel[model] = TokenUsage(inputTokens: input, outputTokens: output)
        }
        for row in try await read(PostgresQuery(unsafeSQL: StoreStats.turnsByProviderSQL)) {
            let (provider, turns) = try row.decode((String, Int).self)
            stats.turnsByProvider[provider] = turns
        }
        for row in try await read(PostgresQuery(unsafeSQL: StoreStats.failuresByCodeSQL)) {
            let (code, failures) = try row.decode((String, Int).self)
            stats.sendFailuresByCode[code] = failures
        }
        return stats
    }

    public func checkHealth() async throws {
        try await checkHealth(within: healthTimeout)
    }

    /// Fails with `StorageError.unavailable` unless PostgreSQL answers within `limit`: a dead server or a
    /// refused login would otherwise keep the pool retrying for about a minute.
    func checkHealth(within limit: Duration) async throws {
        do {
            try await withTimeout(limit, "PostgreSQL did not answer") { [self] in
                _ = try await read("SELECT 1")
            }
        } catch let error as StorageError {
            throw error
        } catch {
            throw StorageError.unavailable(Self.summary(of: error))
        }
    }
}
