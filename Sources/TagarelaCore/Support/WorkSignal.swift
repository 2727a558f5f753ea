import Foundation
import Synchronization

/// Wakes a sleeping worker when new work may be there. A signal sent while nobody waits is kept
/// (at most one), so a wake-up between "found nothing" and "start waiting" is never lost.
public final class WorkSignal: Sendable {
    private struct Waiter {
        /// When the waiter wakes anyway.
        var deadline: Date
        var continuation: CheckedContinuation<Void, Never>
    }

    private struct State {
        var pending = false
        var waiters: [UInt64: Waiter] = [:]
        /// Waits that ended before their continuation was registered.
        var ended: Set<UInt64> = []
        var nextID: UInt64 = 0
    }

    private let state = Mutex(State())

    public init() {}

    /// How many waits are registered and asleep now (a signal decides at once whom it wakes, so tests can check
    /// who is still asleep right after one).
    public var waiterCount: Int { state.withLock { $0.waiters.count } }

    /// Wakes every waiter, or the next one to wait. With `dueAt`, the new work is not due before then:
    /// a waiter that wakes by then anyway is left asleep (a burst of webhooks under a debounce does not
    /// make the worker query storage once per message).
    public func signal(dueAt: Date? = nil) {
        let woken = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            if state.waiters.isEmpty {
                state.pending = true
                return []
            }
            let woken = state.waiters.filter { waiter in dueAt.map { waiter.value.deadline > $0 } ?? true }
            for id in woken.keys { state.waiters[id] = nil }
            return woken.values.map(\.continuation)
        }
        for continuation in woken { continuation.resume() }
    }

    /// Returns when signalled, when `timeout` has passed on `timeSource`, or when the task is cancelled.
    public func wait(timeout: Duration, timeSource: any TimeSource) async {
        await wait(until: timeSource.now().addingTimeInterval(timeout.timeInterval), timeSource: timeSource)
    }

    /// Returns when signalled, when `deadline` has come on `timeSource`, or when the task is cancelled.
    public func wait(until deadline: Date, timeSource: any TimeSource) async {
        let consumed = state.withLock { state in
            defer { state.pending = false }
            return state.pending
        }
        if consumed { return }
        let id = state.withLock { state in
            state.nextID += 1
            return state.nextID
        }
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                try? await timeSource.sleep(until: deadline)
                self.resume(id)
            }
            group.addTask {
                await withTaskCancellationHandler {
                    await withCheckedContinuation { continuation in
                        let resumeNow = self.state.withLock { state in
                            if state.ended.remove(id) != nil { return true }
                            if state.pending {
                                state.pending = false
                                return true
                            }
                            state.waiters[id] = Waiter(deadline: deadline, continuation: continuation)
                            return false
                        }
                        if resumeNow { continuation.resume() }
                    }
                } onCancel: {
                    self.resume(id)
                }
            }
            // Whichever finishes first ends the wait.
            await group.next()
            group.cancelAll()
            self.resume(id)
        }
        _ = state.withLock { $0.ended.remove(id) }
    }

    private func resume(_ id: UInt64) {
        let continuation = state.withLock { state -> CheckedContinuation<Void, Never>? in
            if let waiter = state.waiters.removeValue(forKey: id) { return waiter.continuation }
            state.ended.insert(id)
            return nil
        }
        continuation?.resume()
    }
}
