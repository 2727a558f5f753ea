import Foundation
import GRDB
import TagarelaCore

/// `MemorySummaryStore`: running summaries and their folds, queued with turns, claimed under a lease.
extension ConversationSQLiteStore {
    public func memorySummary(contactID: Int64) async throws -> MemorySummary? {
        try await read { db in
            try Row.fetchOne(
                db.cachedStatement(sql: "SELECT * FROM memory_summaries WHERE contact_id = ?"), arguments: [contactID]
            ).map(Self.memorySummary(from:))
        }
    }

    /// Queues (or extends) the contact's fold in the turn's transaction; a fold waiting a retry keeps its time.
    static func queueFold(_ db: Database, contactID: Int64, through: Int64, now: Date) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO memory_summaries (contact_id, fold_through, due_at) VALUES (?, ?, ?)
                ON CONFLICT (contact_id) DO UPDATE SET
                    fold_through = MAX(fold_through, excluded.fold_through),
                    due_at = COALESCE(due_at, excluded.due_at)
                """
        ).execute(arguments: [contactID, through, now.sqlSeconds])
    }

    /// Empties the summary and ends its fold (memory cleared); the lease token stays, so a running fold cannot
    /// write into it.
    static func forgetSummary(_ db: Database, contactID: Int64) throws {
        try db.execute(
            sql: """
                UPDATE memory_summaries SET summary = '', updated_at = NULL, due_at = NULL, attempts = 0,
                    lease_owner = NULL, lease_until = NULL,
                    through_message_id = (SELECT memory_from FROM contacts WHERE id = ?1),
                    fold_through = (SELECT memory_from FROM contacts WHERE id = ?1)
                WHERE contact_id = ?1
                """, arguments: [contactID])
    }

    public func claimSummaryJobs(
        owner: String, now: Date, leaseDuration: Duration, limit: Int
    ) async throws -> [SummaryJob] {
        let expiresAt = now.addingTimeInterval(leaseDuration.timeInterval)
        return try await write { db in
            let rows = try Row.fetchAll(
                db.cachedStatement(
                    sql: """
                        UPDATE memory_summaries SET lease_owner = :owner, lease_token = lease_token + 1,
                            lease_until = :until
                        WHERE contact_id IN (
                            SELECT contact_id FROM memory_summaries
                            WHERE (lease_owner IS NULL AND due_at <= :now) OR (lease_owner IS NOT NULL AND lease_until <= :now)
                            ORDER BY COALESCE(lease_until, due_at), contact_id LIMIT :limit)
                        RETURNING *
                        """),
                arguments: ["owner": owner, "until": expiresAt.sqlSeconds, "now": now.sqlSeconds, "limit": limit])
            return rows.map { row in
                SummaryJob(
                    summary: Self.memorySummary(from: row), attempts: row["attempts"],
                    lease: Lease(owner: owner, token: row["lease_token"], expiresAt: expiresAt))
            }
            .sorted { $0.contactID < $1.contactID }
        }
    }

    public func messagesToFold(_ job: SummaryJob, limit: Int) async throws -> [StoredMessage] {
        try await read { db in
            try Row.fetchAll(
                db.cachedStatement(
                    sql: """
                        SELECT * FROM messages
                        WHERE contact_id = ? AND id > ? AND id <= ?
                          AND id > (SELECT memory_from FROM contacts WHERE id = ?)
                          AND (direction = 'in' OR (kind IN ('text', 'voice', 'operator') AND status <> 'cancelled'))
                        ORDER BY id LIMIT ?
                        """),
                arguments: [
                    job.contactID, job.summary.throughMessageID, job.summary.foldThrough, job.contactID, limit,
                ]
            ).map(Self.message(from:))
        }
    }

    public func completeSummaryJob(
        _ job: SummaryJob, text: String, through: Int64, record: TurnRecord, now: Date
    ) async throws {
        try await write { db in
            try db.cachedStatement(
                sql: """
                    UPDATE memory_summaries SET summary = :text, through_message_id = MAX(through_message_id, :through),
                        fold_through = MAX(fold_through, :through), updated_at = :now, attempts = 0,
                        lease_owner = NULL, lease_until = NULL,
                        due_at = CASE WHEN fold_through > MAX(through_message_id, :through) THEN :now END
                    WHERE contact_id = :contact AND lease_owner = :owner AND lease_token = :token
                      AND through_message_id = :covered
                    """
            ).execute(arguments: [
                "text": text, "through": through, "now": now.sqlSeconds, "contact": job.contactID,
                "owner": job.lease.owner, "token": job.lease.token, "covered": job.summary.throughMessageID,
            ])
            guard db.changesCount == 1 else { throw StorageError.leaseLost }
            guard record.usage != .zero || record.status != .skipped else { return }
            try db.cachedStatement(
                sql: """
                    INSERT INTO turns (contact_id, owner, lease_token, started_at, finished_at, status, provider, model,
                        input_tokens, output_tokens, latency_ms, note, cost_usd)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """
            ).execute(arguments: [
                job.contactID, job.lease.owner, job.lease.token, now.sqlSeconds, now.sqlSeconds,
                TurnRecord.Status.summaryRaw, record.provider, record.model, record.usage.inputTokens,
                record.usage.outputTokens, record.latency.timeInterval * 1000, record.note, record.cost.text,
            ])
        }
    }

    public func retrySummaryJob(_ job: SummaryJob, at: Date) async throws {
        try await write { db in
            try db.cachedStatement(
                sql: """
                    UPDATE memory_summaries SET attempts = attempts + 1, lease_owner = NULL, lease_until = NULL,
                        due_at = ?
                    WHERE contact_id = ? AND lease_owner = ? AND lease_token = ? AND through_message_id = ?
                    """
            ).execute(arguments: [
                at.sqlSeconds, job.contactID, job.lease.owner, job.lease.token, job.summary.throughMessageID,
            ])
            guard db.changesCount == 1 else { throw StorageError.leaseLost }
        }
    }

    public func nextSummaryDue() async throws -> Date? {
        try await read { db in
            try Double.fetchOne(
                db.cachedStatement(
                    sql: """
                        SELECT MIN(CASE WHEN lease_owner IS NULL THEN due_at ELSE lease_until END)
                        FROM memory_summaries WHERE due_at IS NOT NULL OR lease_owner IS NOT NULL
                        """)
            ).map(Date.init(sqlSeconds:))
        }
    }

    static func memorySummary(from row: Row) -> MemorySummary {
        MemorySummary(
            contactID: row["contact_id"], text: row["summary"], throughMessageID: row["through_message_id"],
            foldThrough: row["fold_through"], updatedAt: (row["updated_at"] as Double?).map(Date.init(sqlSeconds:)))
    }
}
