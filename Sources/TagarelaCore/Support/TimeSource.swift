import Foundation

/// Wall-clock time and waiting, injected so tests advance time instead of sleeping.
public protocol TimeSource: Sendable {
    func now() -> Date
    func sleep(for duration: Duration) async throws
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

    /// A duration from a `TimeInterval` in seconds.
    public static func interval(_ seconds: TimeInterval) -> Duration {
        .nanoseconds(Int64((seconds * 1e9).rounded()))
    }
}
