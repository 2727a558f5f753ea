import Foundation
import PostgresNIO
import TagarelaCore

/// `MemorySummaryStore`: running summaries and their folds, queued with turns, claimed under a lease with
/// SKIP LOCKED, so several instances each take different folds.
extension ConversationPostgresStore {
    public func memorySummary(contactID: Int64) async throws -> MemorySummary? {
        try await read("SELECT * FROM memory_summaries WHERE contact_id = \(contactID)").first.map(
            Self.memorySummary(from:))
    }

    /// Queues (or extends) the contact's fold in the turn's transaction; a fold waiting a retry keeps its time.
    func queueFold(_ connection: PostgresConnection, contactID: Int64, through: Int64, now: Date) async throws {
        try await connection.all(
            """
            INSERT INTO memory_summaries (contact_id, fold_through, due_at)
            VALUES (\(contactID), \(through), \(now.unixSeconds))
            ON CONFLICT (contact_id) DO UPDATE SET
                fold_through = GREATEST(memory_summaries.fold_through, excluded.fold_through),
                due_at = COALESCE(memory_summaries.due_at, excluded.due_at)
            """, statements)
    }

    /// Empties the summary and ends its fold (memory cleared); the lease token stays, so a running fold cannot
    /// write into it.
    func forgetSummary(_ connection: PostgresConnection, contactID: Int64) async throws {
        try await connection.all(
            """
            UPDATE memory_summaries SET summary = '', updated_at = NULL, due_at = NULL, attempts = 0,
                lease_owner = NULL, lease_until = NULL,
                through_message_id = (SELECT memory_from FROM contacts WHERE id = \(contactID)),
                fold_through = (SELECT memory_from FROM contacts WHERE id = \(contactID))
            WHERE contact_id = \(contactID)
            """, statements)
    }

    public func claimSummaryJobs(
        owner: String, now: Date, leaseDuration: Duration, limit: Int
    ) async throws -> [SummaryJob] {
        let expiresAt = now.addingTimeInterval(leaseDuration.timeInterval)
        let rows = try await read(
            """
            UPDATE memory_summaries SET lease_owner = \(owner), lease_token = lease_token + 1,
                lease_until = \(expiresAt.unixSeconds)
            WHERE contact_id IN (
                SELECT contact_id FROM memory_summaries
                WHERE (lease_owner IS NULL AND due_at <= \(now.unixSeconds))
                   OR (lease_owner IS NOT NULL AND lease_until <= \(now.unixSeconds))
                ORDER BY COALESCE(lease_until, due_at), contact_id LIMIT \(limit)
                FOR UPDATE SKIP LOCKED)
            RETURNING *
            """)
        return try rows.map { row in
            let random = row.makeRandomAccess()
            return SummaryJob(
                summary: try Self.memorySummary(from: row), attempts: try random["attempts"].decode(Int.self),
                lease: Lease(owner: owner, token: try random["lease_token"].decode(Int64.self), expiresAt: expiresAt))
        }
        .sorted { $0.contactID < $1.contactID }
    }

    public func messagesToFold(_ job: SummaryJob, limit: Int) async throws -> [StoredMessage] {
        try await read(
            """
            SELECT * FROM messages
            WHERE contact_id = \(job.contactID) AND id > \(job.summary.throughMessageID)
              AND id <= \(job.summary.foldThrough)
              AND id > (SELECT memory_from FROM contacts WHERE id = \(job.contactID))
              AND (direction = 'in' OR (kind IN ('text', 'voice', 'operator') AND status <> 'cancelled'))
            ORDER BY id LIMIT \(limit)
            """
        ).map(Self.message(from:))
    }

    public func completeSummaryJob(
        _ job: SummaryJob, text: String, through: Int64, record: TurnRecord, now: Date
    ) async throws {
        try await transaction { connection in
            let updated = try await connection.all(
                """
                UPDATE memory_summaries SET summary = \(text),
                    through_message_id = GREATEST(through_message_id, \(through)),
                    fold_through = GREATEST(fold_through, \(through)), updated_at = \(now.unixSeconds), attempts = 0,
                    lease_owner = NULL, lease_until = NULL,
                    due_at = CASE WHEN fold_through > GREATEST(through_message_id, \(through))
                        THEN \(now.unixSeconds) END
                WHERE contact_id = \(job.contactID) AND lease_owner = \(job.lease.owner)
                  AND lease_token = \(job.lease.token) AND through_message_id = \(job.summary.throughMessageID)
                RETURNING contact_id
                """, statements)
            guard !updated.isEmpty else { throw StorageError.leaseLost }
            guard record.usage != .zero || record.status != .skipped else { return }
            try await connection.all(
                """
                INSERT INTO turns (contact_id, owner, lease_token, started_at, finished_at, status, provider, model,
                    input_tokens, output_tokens, latency_ms, note, cost_usd)
                VALUES (\(job.contactID), \(job.lease.owner), \(job.lease.token), \(now.unixSeconds),
                    \(now.unixSeconds), \(TurnRecord.Status.summaryRaw), \(record.provider), \(record.model),
                    \(record.usage.inputTokens), \(record.usage.outputTokens),
                    \(record.latency.timeInterval * 1000), \(record.note), \(record.cost.text))
                """, statements)
        }
    }

    public func retrySummaryJob(_ job: SummaryJob, at: Date) async throws {
        let updated = try await read(
            """
            UPDATE memory_summaries SET attempts = attempts + 1, lease_owner = NULL, lease_until = NULL,
                due_at = \(at.unixSeconds)
            WHERE contact_id = \(job.contactID) AND lease_owner = \(job.lease.owner)
              AND lease_token = \(job.lease.token) AND through_message_id = \(job.summary.throughMessageID)
            RETURNING contact_id
            """)
        guard !updated.isEmpty else { throw StorageError.leaseLost }
    }

    public func nextSummaryDue() async throws -> Date? {
        try await read(
            """
            SELECT MIN(CASE WHEN lease_owner IS NULL THEN due_at ELSE lease_until END)
            FROM memory_summaries WHERE due_at IS NOT NULL OR lease_owner IS NOT NULL
            """
        ).first?.decode(Double?.self).map(Date.init(unixSeconds:))
    }

    static func memorySummary(from row: PostgresRow) throws -> MemorySummary {
        let row = row.makeRandomAccess()
        return MemorySummary(
            contactID: try row["contact_id"].decode(Int64.self), text: try row["summary"].decode(String.self),
            throughMessageID: try row["through_message_id"].decode(Int64.self),
            foldThrough: try row["fold_through"].decode(Int64.self),
            updatedAt: try row["updated_at"].decode(Double?.self).map(Date.init(unixSeconds:)))
    }
}
