import Foundation
import Logging
import PostgresNIO
import Synchronization
import TagarelaCore

/// Instance locks for instances sharing one PostgreSQL database: a session advisory lock per owner, held on one
/// pooled connection for as long as the process runs. PostgreSQL drops it when that session ends, however the
/// process died (see "Advisory Locks" in PostgreSQL's documentation). A connection lost meanwhile (an outage) is
/// replaced and the lock taken again, so that the other instances do not go on thinking this one dead.
extension ConversationPostgresStore: InstanceLiveness {
    /// How often the connection that holds the lock is checked, and a lock not yet held is tried again.
    static let lockCheckInterval: Duration = .seconds(5)
    /// How long one statement on that connection may take.
    static let lockStatementTimeout: Duration = .seconds(3)

    public func holding<Result: Sendable>(
        _ owner: String, _ body: @escaping @Sendable (_ held: Bool) async throws -> Result
    ) async throws -> Result {
        let key = Self.advisoryKey(owner)
        let keeper = LockKeeper()
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await keepLock(key, keeper) }
            await keeper.firstAttempt.wait()
            // Asked, not cancelled, to stop once `body` is done: it unlocks on its connection, which a cancelled
            // task could not; each of its statements is bounded, so this wait is too.
            defer { keeper.finish() }
            return try await body(keeper.heldAtFirst)
        }
    }

    /// Holds `key` on one connection until told to finish, taking a new connection (and the lock again) when it
    /// is lost.
    private func keepLock(_ key: Int64, _ keeper: LockKeeper) async {
        while !keeper.isDone {
            do {
                try await client.withConnection { connection in
                    var held = false
                    while !keeper.isDone {
                        if !held {
                            held = try await statement("SELECT pg_try_advisory_lock(\(key))", on: connection)
                            keeper.report(held)
                        } else {
                            // Fails when the connection is gone, and a new one is taken.
                            _ = try await statement("SELECT true", on: connection)
                        }
                        await keeper.wake.wait(timeout: Self.lockCheckInterval, timeSource: SystemTimeSource())
                    }
                    if held { _ = try await statement("SELECT pg_advisory_unlock(\(key))", on: connection) }
                }
            } catch {
                keeper.report(false)
                if keeper.isDone { return }
                logger.warning(
                    "lost the connection that holds this instance's lock; taking it again",
                    metadata: ["error": "\(Self.summary(of: error))"])
                await keeper.wake.wait(timeout: .seconds(1), timeSource: SystemTimeSource())
            }
        }
    }

    /// One boolean statement on the lock's connection, given up after `lockStatementTimeout`. A statement on a
    /// connection the server terminated (an outage, `DROP DATABASE … WITH (FORCE)`) was seen to neither return
    /// nor heed cancellation, so it runs in a task of its own that is left behind rather than awaited: shutting
    /// down must not wait for it.
    private func statement(_ query: PostgresQuery, on connection: PostgresConnection) async throws -> Bool {
        let outcome = Mutex<CheckedContinuation<Bool, any Error>?>(nil)
        let logger = logger
        return try await withCheckedThrowingContinuation { continuation in
            outcome.withLock { $0 = continuation }
            let finish: @Sendable (Swift.Result<Bool, any Error>) -> Void = { result in
                outcome.withLock { $0.take() }?.resume(with: result)
            }
            Task {
                do {
                    let rows = try await connection.query(query, logger: logger).collect()
                    finish(.success(try rows.first?.decode(Bool.self) ?? false))
                } catch {
                    finish(.failure(error))
                }
            }
            Task {
                try? await Task.sleep(for: Self.lockStatementTimeout)
                finish(.failure(StorageError.unavailable("the instance lock's connection did not answer")))
            }
        }
    }

    public func isAlive(_ owner: String) async throws -> Bool {
        // A transaction-level lock is released as soon as this one-statement transaction ends: nothing to undo,
        // and it succeeds exactly when no session holds the owner's lock.
        let free =
            try await read("SELECT pg_try_advisory_xact_lock(\(Self.advisoryKey(owner)))").first?
            .decode(Bool.self) ?? false
        return !free
    }

    /// The owner's lock key: a stable hash of its name, in the namespace of Tagarela's instances.
    static func advisoryKey(_ owner: String) -> Int64 {
        Int64(bitPattern: StableHash.fnv1a64("tagarela instance\u{0}\(owner)"))
    }
}

/// What `holding` shares with the task that keeps its lock.
private final class LockKeeper: Sendable {
    /// Opens once the first attempt to take the lock is over.
    let firstAttempt = StartGate()
    /// Wakes the keeper from its wait between checks.
    let wake = WorkSignal()
    private let state = Mutex((done: false, heldAtFirst: false))

    var isDone: Bool { state.withLock { $0.done } }
    var heldAtFirst: Bool { state.withLock { $0.heldAtFirst } }

    func report(_ held: Bool) {
        guard !firstAttempt.isOpen else { return }
        state.withLock { $0.heldAtFirst = held }
        firstAttempt.open()
    }

    func finish() {
        state.withLock { $0.done = true }
        wake.signal()
    }
}
