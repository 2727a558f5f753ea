import Foundation
import Logging
import PostgresNIO
import Synchronization
import TagarelaCore

/// Instance liveness for instances sharing one PostgreSQL database: each live process writes a heartbeat in
/// `instances` every `heartbeatInterval`, and an owner whose heartbeat is older than `staleAfter` is dead. Times are
/// the database's clock, so instances whose clocks disagree still agree on who is dead.
///
/// A heartbeat rather than a session advisory lock: the lock lives on one connection held for the whole run, and a
/// statement on a connection the server terminated (an outage, `DROP DATABASE … WITH (FORCE)`) was seen to neither
/// return nor heed cancellation, which kept the process from shutting down. Heartbeats are short statements on
/// the pool like every other query, each bounded and left behind rather than awaited past its limit.
extension ConversationPostgresStore: InstanceLiveness {
    /// How often a live process says so.
    static let heartbeatInterval: Duration = .seconds(1)
    /// How old a heartbeat may be before its owner counts as dead: a few missed beats, so that a busy database
    /// does not kill anyone.
    static let staleAfter: Duration = .seconds(3)
    /// How long one liveness statement may take before it is given up.
    static let livenessStatementTimeout: Duration = .seconds(3)

    public var deathNoticedWithin: Duration { Self.staleAfter + .milliseconds(250) }

    public func holding<Result: Sendable>(
        _ owner: String, _ body: @escaping @Sendable (_ held: Bool) async throws -> Result
    ) async throws -> Result {
        let incarnation = UUID().uuidString
        let held = try await claim(owner, incarnation: incarnation)
        let result = try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await heartbeat(owner) }
            defer { group.cancelAll() }
            return try await body(held)
        }
        // A clean stop tells the others at once; a crash leaves them to notice the heartbeat stopped.
        _ = try? await bounded(
            "DELETE FROM instances WHERE owner = \(owner) AND incarnation = \(incarnation) RETURNING true")
        return result
    }

    public func isAlive(_ owner: String) async throws -> Bool {
        try await bounded(
            """
            SELECT EXTRACT(EPOCH FROM clock_timestamp())::DOUBLE PRECISION - seen_at < \(Self.staleAfter.timeInterval)
            FROM instances WHERE owner = \(owner)
            """)
    }

    /// Writes `owner`'s first heartbeat under a new incarnation, unless a live process beats for the same name.
    /// A fresh heartbeat may be a crashed predecessor's last, so the claim waits until it would be stale and looks
    /// again: still beating means a second live process was given the same `INSTANCE_ID`.
    private func claim(_ owner: String, incarnation: String) async throws -> Bool {
        for attempt in 1...2 {
            let claimed = try await bounded(
                """
                INSERT INTO instances (owner, incarnation, seen_at)
                VALUES (\(owner), \(incarnation), EXTRACT(EPOCH FROM clock_timestamp()))
                ON CONFLICT (owner) DO UPDATE SET incarnation = EXCLUDED.incarnation, seen_at = EXCLUDED.seen_at
                WHERE instances.seen_at < EXCLUDED.seen_at - \(Self.staleAfter.timeInterval)
                RETURNING true
                """)
            if claimed || attempt == 2 { return claimed }
            let age =
                try await read(
                    """
                    SELECT EXTRACT(EPOCH FROM clock_timestamp())::DOUBLE PRECISION - seen_at
                    FROM instances WHERE owner = \(owner)
                    """
                ).first?.decode(Double.self) ?? Self.staleAfter.timeInterval
            let wait = min(max(Self.staleAfter.timeInterval - age, 0), Self.staleAfter.timeInterval) + 0.25
            try await Task.sleep(for: .interval(wait))
        }
        return false
    }

    /// Beats until cancelled. A missed beat (the database away) is logged and the next one tried: the others may
    /// meanwhile think this process dead and take its turns, which the lease tokens fence.
    private func heartbeat(_ owner: String) async {
        while !Task.isCancelled {
            try? await Task.sleep(for: Self.heartbeatInterval)
            if Task.isCancelled { return }
            do {
                _ = try await bounded(
                    """
                    INSERT INTO instances (owner, incarnation, seen_at)
                    VALUES (\(owner), \(UUID().uuidString), EXTRACT(EPOCH FROM clock_timestamp()))
                    ON CONFLICT (owner) DO UPDATE SET seen_at = EXCLUDED.seen_at
                    RETURNING true
                    """)
            } catch {
                logger.warning(
                    "could not write this instance's heartbeat", metadata: ["error": "\(Self.summary(of: error))"])
            }
        }
    }

    /// Runs a statement that answers one boolean (false when it returns no row), giving up after
    /// `livenessStatementTimeout`. The statement runs in a task of its own that is left behind rather than
    /// awaited when it overruns, so that neither shutting down nor the next heartbeat waits for it.
    private func bounded(_ query: PostgresQuery) async throws -> Bool {
        let outcome = Mutex<CheckedContinuation<Bool, any Error>?>(nil)
        let store = self
        return try await withCheckedThrowingContinuation { continuation in
            outcome.withLock { $0 = continuation }
            let finish: @Sendable (Swift.Result<Bool, any Error>) -> Void = { result in
                outcome.withLock { $0.take() }?.resume(with: result)
            }
            Task {
                do {
                    let rows = try await store.read(query)
                    finish(.success(try rows.first?.decode(Bool.self) ?? false))
                } catch {
                    finish(.failure(error))
                }
            }
            Task {
                try? await Task.sleep(for: Self.livenessStatementTimeout)
                finish(.failure(StorageError.unavailable("the database did not answer a liveness statement")))
            }
        }
    }
}
