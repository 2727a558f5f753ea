/// Tells live lease owners from dead ones: a process holds a lock named after its owner for as long as it runs
/// (a file lock beside an SQLite database, an advisory lock in PostgreSQL), so a lock that can be taken belongs
/// to nobody alive. The operating system or the database releases it when the process dies, however it dies.
public protocol InstanceLiveness: Sendable {
    /// Runs `body` while holding `owner`'s lock. `held` is false when another live process holds it already
    /// (two processes given the same `INSTANCE_ID`); `body` runs all the same.
    func holding<Result: Sendable>(
        _ owner: String, _ body: @escaping @Sendable (_ held: Bool) async throws -> Result
    ) async throws -> Result

    /// Whether a live process holds `owner`'s lock.
    func isAlive(_ owner: String) async throws -> Bool
}
