import Foundation
import Logging
import ServiceLifecycle
import Synchronization

/// The loop both workers run: claim as much work as there are free slots, run each claim concurrently,
/// then sleep until the next due work or a signal. On graceful shutdown it claims nothing more (or, with a
/// drain time, keeps taking what is already due until idle or out of time) and lets running work finish.
struct ClaimLoop<Work: Sendable>: Sendable {
    let capacity: Int
    let signal: WorkSignal
    let timeSource: any TimeSource
    /// The longest sleep without a signal (other instances may add work meanwhile).
    let pollInterval: Duration
    /// The shortest sleep when work is due but could not be claimed (another worker holds it).
    let minimumWait: Duration
    /// Keeps claiming due work this long after shutdown began; zero stops at once.
    var drainTime: Duration = .zero
    let logger: Logger

    func run(
        claim: @escaping @Sendable (_ limit: Int) async throws -> [Work],
        process: @escaping @Sendable (Work) async -> Void,
        nextDue: @escaping @Sendable () async throws -> Date?
    ) async {
        let stopping = Atomic<Bool>(false)
        let inFlight = InFlight()
        await withGracefulShutdownHandler {
            await withDiscardingTaskGroup { group in
                var drainDeadline: ContinuousClock.Instant?
                while !Task.isCancelled {
                    if stopping.load(ordering: .relaxed) {
                        if drainTime == .zero { break }
                        if drainDeadline == nil { drainDeadline = .now + drainTime }
                    }
                    let free = capacity - inFlight.count.load(ordering: .relaxed)
                    var claimed = 0
                    let claimedAt = timeSource.now()
                    if free > 0 {
                        do {
                            // A claim stuck on an unreachable database must not hold up shutdown.
                            let claims = try await cancelWhenGracefulShutdown { try await claim(free) }
                            claimed = claims.count
                            for work in claims {
                                inFlight.count.add(1, ordering: .relaxed)
                                group.addTask {
                                    await process(work)
                                    inFlight.count.subtract(1, ordering: .relaxed)
                                    // The slot is free, and the same contact may have more waiting.
                                    signal.signal()
                                }
                            }
                        } catch {
                            logger.error("could not claim work", metadata: ["error": "\(error)"])
                        }
                    }
                    if let drainDeadline {
                        let idle = claimed == 0 && inFlight.count.load(ordering: .relaxed) == 0
                        if idle || ContinuousClock.now >= drainDeadline { break }
                        await signal.wait(timeout: .milliseconds(20), timeSource: timeSource)
                        continue
                    }
                    if claimed > 0 && claimed == free { continue }
                    // All slots busy: a finishing task signals; otherwise sleep until the next due work.
                    if free > 0 {
                        await signal.wait(until: await wakeTime(nextDue, claimedAt: claimedAt), timeSource: timeSource)
                    } else {
                        await signal.wait(timeout: pollInterval, timeSource: timeSource)
                    }
                }
            }
        } onGracefulShutdown: {
            stopping.store(true, ordering: .relaxed)
            signal.signal()
        }
    }

    /// When the next work is due, at most the poll interval from now. A moment, not a length: a clock that
    /// moves while the loop decides must not push the wake-up later. Work that was already due when the last
    /// claim ran (and so could not be claimed) is tried again after `minimumWait`; work that became due since
    /// is claimed at once.
    private func wakeTime(
        _ nextDue: @escaping @Sendable () async throws -> Date?, claimedAt: Date
    ) async -> Date {
        let now = timeSource.now()
        let latest = now.addingTimeInterval(pollInterval.timeInterval)
        guard let due = try? await cancelWhenGracefulShutdown({ try await nextDue() }) else { return latest }
        if due > claimedAt { return min(due, latest) }
        return min(max(due, now.addingTimeInterval(minimumWait.timeInterval)), latest)
    }
}

/// Work running now, shared by the loop and its tasks.
private final class InFlight: Sendable {
    let count = Atomic<Int>(0)
}
