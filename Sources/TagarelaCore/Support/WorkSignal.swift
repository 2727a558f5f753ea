import Synchronization

/// Wakes a sleeping worker when new work may be there. A signal sent while nobody waits is kept
/// (at most one), so a wake-up between "found nothing" and "start waiting" is never lost.
public final class WorkSignal: Sendable {
    private struct State {
        var pending = false
        var waiters: [UInt64: CheckedContinuation<Void, Never>] = [:]
        /// Waits that ended before their continuation was registered.
        var ended: Set<UInt64> = []
        var nextID: UInt64 = 0
    }

    private let state = Mutex(State())

    public init() {}

    /// Wakes every waiter, or the next one to wait.
    public func signal() {
        let waiters = state.withLock { state in
            let waiters = state.waiters
            state.waiters.removeAll()
            if waiters.isEmpty { state.pending = true }
            return waiters
        }
        for continuation in waiters.values { continuation.resume() }
    }

    /// Returns when signalled, when `timeout` has passed on `timeSource`, or when the task is cancelled.
    public func wait(timeout: Duration, timeSource: any TimeSource) async {
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
                try? await timeSource.sleep(for: timeout)
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
                            state.waiters[id] = continuation
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
            if let continuation = state.waiters.removeValue(forKey: id) { return continuation }
            state.ended.insert(id)
            return nil
        }
        continuation?.resume()
    }
}
