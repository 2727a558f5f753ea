import Foundation

/// `MemorySummaryStore`: running summaries and their folds, queued with turns, claimed under a lease.
extension InMemoryConversationStore {
    public func memorySummary(contactID: Int64) async throws -> MemorySummary? {
        memorySummaries[contactID]?.summary
    }

    /// Queues (or extends) the contact's fold, as a turn's completion does; a fold waiting a retry keeps its time.
    func queueFold(contactID: Int64, through: Int64, now: Date) {
        var row =
            memorySummaries[contactID]
            ?? MemorySummaryRow(
                summary: MemorySummary(
                    contactID: contactID, text: "", throughMessageID: 0, foldThrough: 0, updatedAt: nil))
        row.summary.foldThrough = max(row.summary.foldThrough, through)
        row.dueAt = row.dueAt ?? now
        memorySummaries[contactID] = row
    }

    public func claimSummaryJobs(
        owner: String, now: Date, leaseDuration: Duration, limit: Int
    ) async throws -> [SummaryJob] {
        let now = now.asStored
        let due = memorySummaries.values.compactMap { row -> (Int64, Date)? in
            if row.leaseOwner == nil, let dueAt = row.dueAt, dueAt <= now { return (row.summary.contactID, dueAt) }
            if row.leaseOwner != nil, let until = row.leaseUntil, until <= now { return (row.summary.contactID, until) }
            return nil
        }
        .sorted { ($0.1, $0.0) < ($1.1, $1.0) }.prefix(max(0, limit))
        return due.compactMap { contactID, _ in
            guard var row = memorySummaries[contactID] else { return nil }
            row.leaseToken += 1
            row.leaseOwner = owner
            row.leaseUntil = now.adding(leaseDuration)
            memorySummaries[contactID] = row
            return SummaryJob(
                summary: row.summary, attempts: row.attempts,
                lease: Lease(owner: owner, token: row.leaseToken, expiresAt: now.adding(leaseDuration)))
        }
        .sorted { $0.contactID < $1.contactID }
    }

    public func messagesToFold(_ job: SummaryJob, limit: Int) async throws -> [StoredMessage] {
        let folded = try await history(contactID: job.contactID, upTo: job.summary.foldThrough, limit: Int.max)
        return Array(folded.filter { $0.id > job.summary.throughMessageID }.prefix(max(0, limit)))
    }

    public func completeSummaryJob(
        _ job: SummaryJob, text: String, through: Int64, record: TurnRecord, now: Date
    ) async throws {
        guard var row = fencedSummary(job) else { throw StorageError.leaseLost }
        let now = now.asStored
        row.summary.text = text
        row.summary.throughMessageID = max(row.summary.throughMessageID, through)
        row.summary.updatedAt = now
        row.summary.foldThrough = max(row.summary.foldThrough, row.summary.throughMessageID)
        row.attempts = 0
        row.leaseOwner = nil
        row.leaseUntil = nil
        row.dueAt = row.summary.foldThrough > row.summary.throughMessageID ? now : nil
        memorySummaries[job.contactID] = row
        guard record.usage != .zero || record.status != .skipped else { return }
        turns.append(
            TurnRow(
                summary: TurnSummary(
                    id: nextID(&lastTurnID), status: TurnRecord.Status.summaryRaw, startedAt: now,
                    provider: record.provider, model: record.model, inputTokens: record.usage.inputTokens,
                    outputTokens: record.usage.outputTokens, latencyMilliseconds: record.latency.timeInterval * 1000,
                    note: record.note, toolCalls: nil, voice: nil),
                contactID: job.contactID, owner: job.lease.owner, leaseToken: job.lease.token, finishedAt: now,
                costUSD: record.cost.text))
    }

    public func retrySummaryJob(_ job: SummaryJob, at: Date) async throws {
        guard var row = fencedSummary(job) else { throw StorageError.leaseLost }
        row.attempts += 1
        row.leaseOwner = nil
        row.leaseUntil = nil
        row.dueAt = at.asStored
        memorySummaries[job.contactID] = row
    }

    public func nextSummaryDue() async throws -> Date? {
        memorySummaries.values.compactMap { $0.leaseOwner == nil ? $0.dueAt : $0.leaseUntil }.min()
    }

    /// Empties the summary and ends its fold (memory cleared). The row stays with its lease token, so a fold still
    /// running cannot write into it.
    func forgetSummary(contactID: Int64) {
        guard var row = memorySummaries[contactID] else { return }
        let from = contacts[contactID]?.memoryFrom ?? 0
        row.summary = MemorySummary(
            contactID: contactID, text: "", throughMessageID: from, foldThrough: from, updatedAt: nil)
        row.dueAt = nil
        row.attempts = 0
        row.leaseOwner = nil
        row.leaseUntil = nil
        memorySummaries[contactID] = row
    }

    /// The job's row while its lease holds and its summary is still the one the job read.
    private func fencedSummary(_ job: SummaryJob) -> MemorySummaryRow? {
        guard let row = memorySummaries[job.contactID], row.leaseOwner == job.lease.owner,
            row.leaseToken == job.lease.token, row.summary.throughMessageID == job.summary.throughMessageID
        else { return nil }
        return row
    }
}
