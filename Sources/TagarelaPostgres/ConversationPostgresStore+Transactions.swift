import Logging
import PostgresNIO
import TagarelaCore

/// Thrown inside a transaction that lost a race a fresh attempt resolves (another instance linked an identity
/// or merged a contact first): the transaction rolls back and runs again.
struct ConcurrentChangeError: Error {}

extension ConversationPostgresStore {
    /// Runs a single statement outside any transaction and reads all its rows.
    @discardableResult
    func read(_ query: PostgresQuery) async throws -> [PostgresRow] {
        counter.add()
        return try await client.query(query, logger: logger).collect()
    }

    /// What each statement on a connection is run with: the store's logger, and its round-trip counter.
    var statements: StatementContext { StatementContext(logger: logger, counter: counter) }

    public var roundTrips: Int { counter.count }

    /// Runs `body` in one transaction on one pooled connection, committing when it returns and rolling
    /// back when it throws. A transaction that lost a race (a deadlock, a unique or foreign key conflict
    /// with a concurrent writer, ``ConcurrentChangeError``) runs again, up to `attempts` times in all.
    func transaction<Result: Sendable>(
        attempts: Int = 4, _ body: (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        var attempt = 1
        while true {
            do {
                return try await client.withConnection { connection in
                    try await connection.all("BEGIN", statements)
                    do {
                        let result = try await body(connection)
                        try await connection.all("COMMIT", statements)
                        return result
                    } catch {
                        // The caller needs the original error; a failed rollback ends with the connection anyway.
                        _ = try? await connection.all("ROLLBACK", statements)
                        throw error
                    }
                }
            } catch let error where attempt < attempts && Self.isRetryable(error) {
                attempt += 1
            }
        }
    }

    static func isRetryable(_ error: any Error) -> Bool {
        if error is ConcurrentChangeError { return true }
        guard let error = error as? PSQLError, error.code == .server,
            let state = error.serverInfo?[.sqlState]
        else { return false }
        // serialization_failure, deadlock_detected, unique_violation, foreign_key_violation.
        return ["40001", "40P01", "23505", "23503"].contains(state)
    }

    /// One line about a database error for the operator: PostgresNIO's own description hides everything.
    public static func summary(of error: any Error) -> String {
        guard let error = error as? PSQLError else { return "\(error)" }
        if let info = error.serverInfo, let message = info[.message] {
            return "\(info[.sqlState] ?? "?") \(message)"
        }
        if let underlying = error.underlying {
            return "\(error.code): \(underlying)"
        }
        return "\(error.code)"
    }
}

/// What a statement on a connection is run with: the logger PostgresNIO reports to, and the counter of round
/// trips that `/metrics` shows.
struct StatementContext: Sendable {
    let logger: Logger
    let counter: RoundTripCounter
}

extension PostgresConnection {
    /// Runs `query` and reads all its rows.
    @discardableResult
    func all(_ query: PostgresQuery, _ context: StatementContext) async throws -> [PostgresRow] {
        context.counter.add()
        return try await self.query(query, logger: context.logger).collect()
    }
}

/// Runs `operation`, failing with `StorageError.unavailable` if it has not finished within `limit`.
public func withTimeout<Result: Sendable>(
    _ limit: Duration, _ failure: String, _ operation: @escaping @Sendable () async throws -> Result
) async throws -> Result {
    try await withTimeout(limit, orThrow: { StorageError.unavailable("\(failure) within \(limit)") }, operation)
}
