import Foundation
import TagarelaCore
import Testing

/// Running summaries: a fold queued with a turn's completion, claimed under a lease, written once under fencing,
/// counted in the spending, retried without loss, cleared and erased with the contact.
@Suite("Storage: running summaries and their folds", .timeLimit(.minutes(3)))
struct StoreMemorySummaryTests {
    /// One exchange from Ana at `offset` seconds; the turn queues a fold through `foldThrough` when set. Returns the
    /// contact and the inbound message's id.
    func exchange(
        _ store: any ConversationStore, _ text: String, at offset: TimeInterval, foldThrough: Int64? = nil
    ) async throws -> (contact: Int64, message: Int64) {
        let now = Fixture.start.addingTimeInterval(offset)
        _ = try await store.ingest(Fixture.text(text), at: now, schedule: .immediate)
        let claim = try #require(
            try await store.claimTurns(
                owner: "w", channels: Fixture.twilio, now: now, leaseDuration: .seconds(30), limit: 1
            ).first)
        var outcome = Fixture.answered(["ok: " + text])
        outcome.foldThrough = foldThrough
        try await store.completeTurn(claim, outcome: outcome, now: now)
        return (claim.contact.id, claim.messages[0].id)
    }

    /// Ana's two exchanges, the second folding the first, and the fold claimed by `s` for ten seconds.
    func claimedFold(_ store: any ConversationStore) async throws -> (
        ana: Int64, first: Int64, job: SummaryJob, now: Date
    ) {
        let (ana, first) = try await exchange(store, "Meu nome é Ana", at: 0)
        _ = try await exchange(store, "Quero um bolo", at: 1, foldThrough: first)
        let now = Fixture.start.addingTimeInterval(1)
        let job = try #require(
            try await store.claimSummaryJobs(owner: "s", now: now, leaseDuration: .seconds(10), limit: 5).first)
        return (ana, first, job, now)
    }

    static let summarised = TurnRecord(
        status: .answered, provider: "test", model: "m", usage: TokenUsage(inputTokens: 30, outputTokens: 7),
        note: "memory summarised")

    @Test(arguments: StoreKind.allCases)
    func aFoldQueuedWithATurnIsClaimedOnceAndWrittenOnceAndCountsInTheSpending(kind: StoreKind) async throws {
        let store = try kind.make()
        let (ana, first) = try await exchange(store, "Meu nome é Ana", at: 0)
        let (_, second) = try await exchange(store, "Quero um bolo", at: 1)
        #expect(try await store.memorySummary(contactID: ana) == nil)
        #expect(try await store.nextSummaryDue() == nil)
        let now = Fixture.start.addingTimeInterval(2)
        _ = try await exchange(store, "Para sábado", at: 2, foldThrough: second)
        let queued = try #require(try await store.memorySummary(contactID: ana))
        #expect(queued.text.isEmpty && queued.throughMessageID == 0 && queued.foldThrough == second)
        #expect(try await store.nextSummaryDue() == now)

        let job = try #require(
            try await store.claimSummaryJobs(owner: "s", now: now, leaseDuration: .seconds(60), limit: 5).first)
        #expect(try await store.claimSummaryJobs(owner: "t", now: now, leaseDuration: .seconds(60), limit: 5).isEmpty)
        #expect(try await store.nextSummaryDue() == now.addingTimeInterval(60))
        // The contact's words and the bot's replies, oldest first, through the fold's message: not the later ones.
        let folded = try await store.messagesToFold(job, limit: 100)
        #expect(folded.map(\.text) == ["Meu nome é Ana", "ok: Meu nome é Ana", "Quero um bolo"])
        #expect(folded.first?.id == first)
        #expect(try await store.messagesToFold(job, limit: 1).map(\.id) == [first])

        let before = try await store.spending(contactID: ana, since: Fixture.start)
        let turnsBefore = try await store.stats().turns
        try await store.completeSummaryJob(
            job, text: "Ana quer um bolo.", through: second, record: Self.summarised, now: now)
        let summary = try #require(try await store.memorySummary(contactID: ana))
        #expect(summary.text == "Ana quer um bolo." && summary.throughMessageID == second)
        #expect(summary.foldThrough == second && summary.updatedAt == now)
        #expect(try await store.nextSummaryDue() == nil)
        // The summary's model call counts in the budgets and /stats' tokens, and shows among the contact's turns.
        let after = try await store.spending(contactID: ana, since: Fixture.start)
        #expect(after.tokens == before.tokens + 37)
        let stats = try await store.stats()
        #expect(stats.turns == turnsBefore && stats.tokensByModel["m"]?.inputTokens == 60)
        #expect(try await store.turns(contactID: ana).last?.status == TurnRecord.Status.summaryRaw)

        // The same job run again (its worker thought it had failed) writes nothing: it folds once.
        await #expect(throws: StorageError.leaseLost) {
            try await store.completeSummaryJob(
                job, text: "Ana quer dois bolos.", through: second, record: Self.summarised, now: now)
        }
        #expect(try await store.memorySummary(contactID: ana)?.text == "Ana quer um bolo.")
        #expect(try await store.spending(contactID: ana, since: Fixture.start) == after)
    }

    @Test(arguments: StoreKind.allCases)
    func aLostLeaseOrAFailureLeavesTheFoldQueuedAndNothingIsFoldedTwice(kind: StoreKind) async throws {
        let store = try kind.make()
        let (ana, first, lost, now) = try await claimedFold(store)
        // Its worker died: after the lease, another takes the fold over with a newer token.
        let later = now.addingTimeInterval(11)
        let taken = try #require(
            try await store.claimSummaryJobs(owner: "t", now: later, leaseDuration: .seconds(10), limit: 5).first)
        #expect(taken.lease.token > lost.lease.token && taken.summary == lost.summary)
        await #expect(throws: StorageError.leaseLost) {
            try await store.completeSummaryJob(
                lost, text: "velho", through: first, record: Self.summarised, now: later)
        }
        await #expect(throws: StorageError.leaseLost) { try await store.retrySummaryJob(lost, at: later) }
        // The model failed: the fold waits, due again at the retry time, nothing lost.
        let retryAt = later.addingTimeInterval(30)
        try await store.retrySummaryJob(taken, at: retryAt)
        #expect(try await store.nextSummaryDue() == retryAt)
        #expect(try await store.claimSummaryJobs(owner: "t", now: later, leaseDuration: .seconds(10), limit: 5).isEmpty)
        // A newer turn extends the fold but keeps its retry time.
        let (_, third) = try await exchange(store, "Para sábado", at: 20)
        _ = try await exchange(store, "Chocolate", at: 21, foldThrough: third)
        #expect(try await store.nextSummaryDue() == retryAt)
        let retried = try #require(
            try await store.claimSummaryJobs(owner: "t", now: retryAt, leaseDuration: .seconds(10), limit: 5).first)
        #expect(retried.attempts == 1 && retried.summary.foldThrough == third)
        // One fold may take part of the span: the rest is due at once.
        try await store.completeSummaryJob(
            retried, text: "Ana.", through: first, record: Self.summarised, now: retryAt)
        #expect(try await store.nextSummaryDue() == retryAt)
        let rest = try #require(
            try await store.claimSummaryJobs(owner: "t", now: retryAt, leaseDuration: .seconds(10), limit: 5).first)
        #expect(rest.attempts == 0 && rest.summary.throughMessageID == first && rest.summary.text == "Ana.")
        #expect(try await store.messagesToFold(rest, limit: 100).first?.text == "ok: Meu nome é Ana")
        #expect(try await store.memorySummary(contactID: ana)?.foldThrough == third)
    }

    @Test(arguments: StoreKind.allCases)
    func clearingMemoryEmptiesTheSummaryAndErasureAndRetentionRemoveIt(kind: StoreKind) async throws {
        let store = try kind.make()
        let (ana, first, job, now) = try await claimedFold(store)
        #expect(try await store.clearMemory(contactID: ana))
        // A fold running while memory was cleared writes nothing.
        await #expect(throws: StorageError.leaseLost) {
            try await store.completeSummaryJob(job, text: "Ana.", through: first, record: Self.summarised, now: now)
        }
        let cleared = try #require(try await store.memorySummary(contactID: ana))
        #expect(cleared.text.isEmpty && cleared.foldThrough == cleared.throughMessageID)
        #expect(try await store.nextSummaryDue() == nil)

        // Made again, then purged with the messages it came from once it is older than the cutoff.
        let (_, third) = try await exchange(store, "Oi de novo", at: 2)
        _ = try await exchange(store, "Tudo bem?", at: 3, foldThrough: third)
        let again = try #require(
            try await store.claimSummaryJobs(
                owner: "s", now: Fixture.start.addingTimeInterval(3), leaseDuration: .seconds(10), limit: 5
            ).first)
        try await store.completeSummaryJob(
            again, text: "Ana voltou.", through: third, record: Self.summarised,
            now: Fixture.start.addingTimeInterval(3))
        _ = try await store.purge(olderThan: Fixture.start.addingTimeInterval(3))
        #expect(try await store.memorySummary(contactID: ana)?.text == "Ana voltou.")
        _ = try await store.purge(olderThan: Fixture.start.addingTimeInterval(4))
        #expect(try await store.memorySummary(contactID: ana) == nil)

        // Queued again, then erased with the contact.
        let (_, fourth) = try await exchange(store, "Ainda aqui", at: 5)
        _ = try await exchange(store, "Tchau", at: 6, foldThrough: fourth)
        #expect(try await store.memorySummary(contactID: ana) != nil)
        #expect(try await store.deleteContact(contactID: ana))
        #expect(try await store.memorySummary(contactID: ana) == nil)
    }

    @Test(arguments: StoreKind.allCases)
    func aDeadInstancesFoldIsTakenOverAtOnceAndItsLateWriteRefused(kind: StoreKind) async throws {
        let store = try kind.make()
        let leases = try #require(store as? any LeaseOwnerStore)
        let (_, first, dead, now) = try await claimedFold(store)
        #expect(try await leases.leaseOwners(now: now) == ["s"])
        #expect(try await leases.expireLeases(ownedBy: ["s"], now: now) == 1)
        let taken = try #require(
            try await store.claimSummaryJobs(owner: "new", now: now, leaseDuration: .seconds(10), limit: 5).first)
        #expect(taken.lease.token > dead.lease.token)
        await #expect(throws: StorageError.leaseLost) {
            try await store.completeSummaryJob(dead, text: "tarde", through: first, record: Self.summarised, now: now)
        }
    }
}
