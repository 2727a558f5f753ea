import Foundation
import Logging
import ServiceLifecycle

/// Claims due turns from storage and runs them, several contacts at once, one turn per contact.
/// On graceful shutdown it claims nothing new and lets running turns finish.
public final class TurnWorker: Service {
    public struct Settings: Sendable {
        /// This instance's name in leases.
        public var owner: String
        /// The channels whose contacts this worker serves.
        public var channels: Set<ChannelKind>
        public var maxConcurrentTurns: Int
        public var leaseDuration: Duration
        /// How often storage is checked even without a local signal (other instances may add work).
        public var pollInterval: Duration

        public init(
            owner: String, channels: Set<ChannelKind>, maxConcurrentTurns: Int, leaseDuration: Duration,
            pollInterval: Duration = .seconds(1)
        ) {
            self.owner = owner
            self.channels = channels
            self.maxConcurrentTurns = max(1, maxConcurrentTurns)
            self.leaseDuration = leaseDuration
            self.pollInterval = pollInterval
        }
    }

    let store: any TurnQueue
    let processor: TurnProcessor
    public let settings: Settings
    let timeSource: any TimeSource
    /// Signalled when a message arrives; this worker signals `outboxSignal` when replies are ready.
    let signal: WorkSignal
    let outboxSignal: WorkSignal
    /// Signalled when a turn queued a fold of its contact's memory (the summary worker's signal).
    let summarySignal: WorkSignal?
    /// When set, a turn's first reply is claimed as the turn completes and sent at once through this outbox.
    let outbox: OutboxWorker?
    let observer: any WorkObserver
    /// Tells the team about handoffs and failing turns, once the turn is recorded.
    let alerts: TurnAlerts?
    let logger: Logger

    public init(
        store: any TurnQueue, processor: TurnProcessor, settings: Settings, timeSource: any TimeSource,
        signal: WorkSignal, outboxSignal: WorkSignal, summarySignal: WorkSignal? = nil, outbox: OutboxWorker? = nil,
        observer: any WorkObserver = NoWorkObserver(), alerts: TurnAlerts? = nil, logger: Logger
    ) {
        self.summarySignal = summarySignal
        self.alerts = alerts
        self.store = store
        self.processor = processor
        self.settings = settings
        self.timeSource = timeSource
        self.signal = signal
        self.outboxSignal = outboxSignal
        self.outbox = outbox
        self.observer = observer
        self.logger = logger
    }

    public func run() async throws {
        let loop = ClaimLoop<TurnClaim>(
            capacity: settings.maxConcurrentTurns, signal: signal, timeSource: timeSource,
            pollInterval: settings.pollInterval, minimumWait: .milliseconds(10), logger: logger)
        await loop.run(
            claim: { [store, settings, timeSource] limit in
                try await store.claimTurns(
                    owner: settings.owner, channels: settings.channels, now: timeSource.now(),
                    leaseDuration: settings.leaseDuration, limit: limit)
            },
            process: { claim in await self.run(claim) },
            nextDue: { [store, settings] in try await store.nextTurnDue(channels: settings.channels) })
    }

    /// Runs one turn while renewing its lease; a lost lease cancels the turn before it can write. The policy's
    /// timing bounds it: a slow turn tells the contact once, and a turn past its deadline is recorded as timed
    /// out with the fallback text.
    func run(_ claim: TurnClaim) async {
        let metadata: Logger.Metadata = ["turn": "\(claim.turnID)", "contact": "\(claim.contact.id)"]
        let started = ContinuousClock.now
        // The lease was handed out for `leaseDuration` from the claim: the timing counts from that moment.
        let claimedAt = claim.lease.expiresAt.addingTimeInterval(-settings.leaseDuration.timeInterval)
        let timing = processor.policy.timing
        do {
            let completed = try await withThrowingTaskGroup(of: TurnEvent.self) { group -> Completed? in
                group.addTask {
                    try await self.keepLease(claim)
                    return .leaseKept
                }
                group.addTask { .decided(try await self.processor.outcome(for: claim)) }
                if let notice = timing.slowNotice {
                    group.addTask { [timeSource] in
                        try await timeSource.sleep(until: claimedAt.addingTimeInterval(notice.timeInterval))
                        return .slow
                    }
                }
                if let deadline = timing.deadline {
                    group.addTask { [timeSource] in
                        try await timeSource.sleep(until: claimedAt.addingTimeInterval(deadline.timeInterval))
                        return .deadlinePassed(deadline)
                    }
                }
                // One event at a time: the slow notice is in the outbox before the turn completes, or never.
                defer { group.cancelAll() }
                while let event = try await group.next() {
                    switch event {
                    case .leaseKept:
                        continue
                    case .slow:
                        await sendSlowNotice(claim, metadata: metadata)
                    case .decided(let outcome):
                        return try await complete(claim, outcome: outcome, started: started)
                    case .deadlinePassed(let deadline):
                        logger.warning(
                            "turn past its reply deadline; the contact gets the fallback",
                            metadata: metadata.merging(["deadline": "\(deadline)"]) { $1 })
                        return try await complete(
                            claim, outcome: timedOut(after: deadline, since: started), started: started)
                    }
                }
                return nil
            }
            // The rest of the replies (and other contacts' messages) are the outbox's.
            outboxSignal.signal()
            if completed?.outcome.foldThrough != nil { summarySignal?.signal() }
            if let firstReply = completed?.firstReply, let outbox { await outbox.deliver(firstReply) }
            if let completed, let alerts { await alerts.turnCompleted(claim, completed.outcome) }
        } catch StorageError.leaseLost {
            logger.warning("turn lease lost to another worker; dropping this turn's result", metadata: metadata)
        } catch is CancellationError {
            logger.info("turn interrupted; it stays queued", metadata: metadata)
        } catch {
            // The lease will expire and another attempt will run the turn again.
            logger.error("turn could not be recorded", metadata: metadata.merging(["error": "\(error)"]) { $1 })
        }
    }

    /// Records the turn under its lease (the fencing check makes it once, whichever of answer or deadline came).
    private func complete(
        _ claim: TurnClaim, outcome: TurnOutcome, started: ContinuousClock.Instant
    ) async throws -> Completed {
        try Task.checkCancellation()
        let firstReply = try await store.completeTurn(
            claim, outcome: outcome, now: timeSource.now(), firstReply: outbox?.firstReplyRequest)
        observer.turnRecorded(outcome.record, duration: ContinuousClock.now - started)
        return Completed(outcome: outcome, firstReply: firstReply)
    }

    /// What a turn past `REPLY_DEADLINE_SECONDS` records: the fallback text, and why.
    private func timedOut(after deadline: Duration, since started: ContinuousClock.Instant) -> TurnOutcome {
        TurnOutcome(
            replies: [.notice(processor.policy.texts.fallback)],
            record: TurnRecord(
                status: .timedOut, provider: processor.llm.name, latency: ContinuousClock.now - started,
                note: "reply deadline of \(deadline.wholeMilliseconds / 1000) s passed"))
    }

    /// Tells the contact the answer is coming, once per turn across attempts; a failure only costs the notice.
    private func sendSlowNotice(_ claim: TurnClaim, metadata: Logger.Metadata) async {
        var queued = false
        do {
            queued = try await store.queueTurnNotice(
                processor.policy.texts.slowReply, claim: claim, now: timeSource.now())
            if queued { outboxSignal.signal() }
        } catch {
            logger.warning(
                "slow-reply notice not queued", metadata: metadata.merging(["error": "\(error)"]) { $1 })
        }
        observer.slowNoticeDue(queued: queued)
    }

    /// What ends a wait of the turn: its outcome, the slow-notice moment or the deadline.
    private enum TurnEvent: Sendable {
        case leaseKept
        case slow
        case decided(TurnOutcome)
        case deadlinePassed(Duration)
    }

    /// A recorded turn, and its first reply when this worker sends it at once.
    private struct Completed: Sendable {
        var outcome: TurnOutcome
        var firstReply: OutboundClaim?
    }

    private func keepLease(_ claim: TurnClaim) async throws {
        var claim = claim
        while true {
            try await timeSource.sleep(for: settings.leaseDuration / 3)
            claim.lease = try await store.renewTurnLease(
                claim, now: timeSource.now(), leaseDuration: settings.leaseDuration)
        }
    }
}
