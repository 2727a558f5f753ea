import Synchronization

/// How many statements a store has sent to its database (for SQLite, how many reads and writes it asked of
/// the file), for `/metrics`: the benchmark divides it by the webhooks and turns it measured, so a change that
/// adds a round trip to the hot path shows up as a number, not as a vague slowdown.
public final class RoundTripCounter: Sendable {
    private let value = Atomic<Int>(0)

    public init() {}

    public func add(_ count: Int = 1) {
        value.add(count, ordering: .relaxed)
    }

    public var count: Int { value.load(ordering: .relaxed) }
}
