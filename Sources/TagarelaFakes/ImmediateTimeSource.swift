import Foundation
import Synchronization
import TagarelaCore

/// A `TimeSource` for tests: `sleep` returns at once, records the wait and moves `now()` forward by it.
public final class ImmediateTimeSource: TimeSource {
    private struct State {
        var now: Date
        var sleeps: [Duration] = []
    }

    private let state: Mutex<State>

    /// Starts the clock at `now` (by default 2026-01-01 00:00:00 UTC, so tests do not depend on the day).
    public init(now: Date = Date(timeIntervalSince1970: 1_767_225_600)) {
        self.state = Mutex(State(now: now))
    }

    public func now() -> Date {
        state.withLock { $0.now }
    }

    /// Sets the clock to `date`.
    public func setNow(_ date: Date) {
        state.withLock { $0.now = date }
    }

    /// Moves the clock forward without recording a sleep.
    public func advance(by duration: Duration) {
        state.withLock { $0.now += duration.timeInterval }
    }

    /// Records the wait, advances the clock by it, and returns at once (throwing if the task was cancelled).
    public func sleep(for duration: Duration) async throws {
        try Task.checkCancellation()
        state.withLock {
            $0.sleeps.append(duration)
            $0.now += duration.timeInterval
        }
    }

    /// Every wait requested so far, in order.
    public var sleeps: [Duration] {
        state.withLock { $0.sleeps }
    }

    /// The sum of the waits requested so far.
    public var totalSlept: Duration {
        sleeps.reduce(.zero, +)
    }
}
