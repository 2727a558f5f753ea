import Foundation

/// Running summaries: one per contact, folded by durable jobs that a turn's completion queues (`TurnOutcome`'s
/// `foldThrough`, in the turn's transaction), claimed under a lease and written under fencing.
public protocol MemorySummaryStore: Sendable {
    /// The contact's summary and any fold waiting; nil when none was ever queued (or memory was cleared).
    func memorySummary(contactID: Int64) async throws -> MemorySummary?

    /// Hands out up to `limit` due folds not leased (or whose lease ran out: their worker died).
    func claimSummaryJobs(owner: String, now: Date, leaseDuration: Duration, limit: Int) async throws -> [SummaryJob]

    /// The messages the job folds: after what the summary covers (and after a clearing of memory), up to its
    /// `foldThrough`, oldest first, at most `limit`, as `history` reads them.
    func messagesToFold(_ job: SummaryJob, limit: Int) async throws -> [StoredMessage]

    /// Stores the new summary covering messages through `through`, records what making it used (`record`, a row of
    /// status `summary` among the contact's turns, so the budgets and `/stats` count it) and releases the job, due
    /// again at once if more waits. Only while the lease holds and the summary is still the one the job read
    /// (else `StorageError.leaseLost` and nothing is written): a job run twice folds once.
    func completeSummaryJob(_ job: SummaryJob, text: String, through: Int64, record: TurnRecord, now: Date)
        async throws

    /// Releases the job after a failure, due again at `at`, nothing lost; fenced like `completeSummaryJob`.
    func retrySummaryJob(_ job: SummaryJob, at: Date) async throws

    /// The earliest moment a fold becomes due or a fold's lease expires; nil when there is none.
    func nextSummaryDue() async throws -> Date?
}

extension TurnRecord.Status {
    /// The raw status of the `turns` row that records a summary's model call (not a turn: no reply).
    public static let summaryRaw = "summary"
}
