import Foundation

/// Counters and a health check, for `/stats`, `/metrics` and `/health`.
public protocol StoreHealth: Sendable {
    func stats() async throws -> StoreStats

    /// Answers quickly when the database is reachable and writable enough to serve; throws otherwise.
    func checkHealth() async throws

    /// Statements sent to the database since the store was opened (see ``RoundTripCounter``).
    var roundTrips: Int { get }
}
