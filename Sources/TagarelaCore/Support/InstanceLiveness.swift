/// Tells live lease owners from dead ones. A process proves it is alive for as long as it runs: a file lock beside
/// an SQLite database, which the kernel drops when the process dies however it dies, or a heartbeat in PostgreSQL,
/// which stops when the process does.
public protocol InstanceLiveness: Sendable {
    /// Runs `body` while proving `owner` alive. `held` is false when another live process already does so for the
    /// same name (two processes given the same `INSTANCE_ID`); `body` runs all the same.
    func holding<Result: Sendable>(
        _ owner: String, _ body: @escaping @Sendable (_ held: Bool) async throws -> Result
    ) async throws -> Result

    /// Whether a live process proves `owner` alive.
    func isAlive(_ owner: String) async throws -> Bool

    /// How long after an owner dies `isAlive` may still say it lives: zero for a lock the kernel drops at once.
    var deathNoticedWithin: Duration { get }
}
