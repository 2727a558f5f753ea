import Foundation
import TagarelaCore
import TagarelaPostgres

extension LazyPostgresStore {
    func memorySummary(contactID: Int64) async throws -> MemorySummary? {
        try await store.memorySummary(contactID: contactID)
    }

    func claimSummaryJobs(owner: String, now: Date, leaseDuration: Duration, limit: Int) async throws -> [SummaryJob] {
        try await store.claimSummaryJobs(owner: owner, now: now, leaseDuration: leaseDuration, limit: limit)
    }

    func messagesToFold(_ job: SummaryJob, limit: Int) async throws -> [StoredMessage] {
        try await store.messagesToFold(job, limit: limit)
    }

    func completeSummaryJob(_ job: SummaryJob, text: String, through: Int64, record: TurnRecord, now: Date)
        async throws
    {
        try await store.completeSummaryJob(job, text: text, through: through, record: record, now: now)
    }

    func retrySummaryJob(_ job: SummaryJob, at: Date) async throws {
        try await store.retrySummaryJob(job, at: at)
    }

    func nextSummaryDue() async throws -> Date? {
        try await store.nextSummaryDue()
    }
}
