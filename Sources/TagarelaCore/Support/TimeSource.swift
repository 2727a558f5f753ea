import Foundation

/// Wall-clock time and waiting, injected so tests advance time instead of sleeping.
public protocol TimeSource: Sendable {
    func now() -> Date
    func sleep(for duration: Duration) async throws
    /// Sleeps until `deadline` on this clock. A test clock must do it atomically: a deadline that has passed
    /// by the time the sleep begins returns at once, rather than sleeping its length again.
    func sleep(until deadline: Date) async throws
}

extension TimeSource {
    public func sleep(until deadline: Date) async throws {
        let remaining = deadline.timeIntervalSince(now())
        if remaining > 0 { try await sleep(for: .interval(remaining)) }
    }
}

/// The real clock.
public struct SystemTimeSource: TimeSource {
    public init() {}

    public func now() -> Date { Date() }

    public func sleep(for duration: Duration) async throws {
        try await Task.sleep(for: duration)
    }
}

extension Duration {
    /// The duration in seconds as a `TimeInterval`.
    public var timeInterval: TimeInterval {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }

    /// Whole milliseconds, rounded down: how records and logs state a length.
    public var wholeMilliseconds: Int {
        Int(self / .milliseconds(1))
    }

    /// A duration from a `TimeInterval` in seconds.
    public static func interval(_ seconds: TimeInterval) -> Duration {
        .nanoseconds(Int64((seconds * 1e9).rounded()))
    }
}
