import Foundation
import Logging
import PostgresNIO
import TagarelaCore
import TagarelaPostgres

/// Moves an installation from SQLite to PostgreSQL without losing history: every contact, identity, turn
/// and message keeps its id and columns, and the queue carries on where it stopped (due turns, unsent
/// replies). Stop the SQLite server first: what it writes after the copy's snapshot is not copied.
///
/// PostgreSQL is migrated, then filled in one transaction that commits only when every table's row count
/// matches SQLite's, so a failed copy leaves it empty and can be run again. A database that already holds
/// data is refused.
public struct SQLiteToPostgresCopier: Sendable {
    public var endpoints: CopyEndpoints
    /// Rows per INSERT.
    public var batchSize: Int
    let logger: Logger
    let progress: @Sendable (CopyEvent) -> Void

    public init(
        endpoints: CopyEndpoints, batchSize: Int = 1000, logger: Logger,
        progress: @escaping @Sendable (CopyEvent) -> Void = { _ in }
    ) {
        self.endpoints = endpoints
        self.batchSize = max(1, batchSize)
        self.logger = logger
        self.progress = progress
    }

    /// Copies everything; `now` is the moment turns interrupted mid-run become due again.
    @discardableResult
    public func run(now: Date = Date()) async throws -> CopySummary {
        let clock = ContinuousClock()
        let started = clock.now
        // The source is checked first: a wrong path should not leave a migrated, empty database behind.
        let source = try SQLiteCopySource(path: endpoints.sqlitePath)
        let settings = endpoints.postgres
        let tables = try await withTarget(settings) { store in
            try await store.migrate(reachableWithin: max(settings.connectTimeout * 2, .seconds(5)))
            return try await store.client.withConnection { [logger, batchSize, progress] connection in
                let target = PostgresCopyTarget(connection: connection, logger: logger, database: settings.redactedURL)
                // What to copy is what both schemas have: the migrated target's tables and columns, as the
                // source file holds them (a file from before a migration lacks its tables and columns).
                var tables: [CopiedTable] = []
                for table in try await target.tables() {
                    let columns = try await source.columns(of: table.name)
                    if let copied = try CopiedTable.plan(table, sourceColumns: columns, now: now) {
                        tables.append(copied)
                    }
                }
                return try await target.copy(
                    from: source, tables: tables, batchSize: batchSize, progress: progress)
            }
        }
        let summary = CopySummary(tables: tables, elapsed: clock.now - started)
        progress(.finished(summary))
        return summary
    }

    /// Runs `body` with a store whose pool runs meanwhile (as `Engine` migrates), turning PostgreSQL's
    /// errors into one line that names the database without its password.
    private func withTarget<Result: Sendable>(
        _ settings: PostgresSettings, _ body: (ConversationPostgresStore) async throws -> Result
    ) async throws -> Result {
        let store = ConversationPostgresStore(settings: settings, logger: logger)
        do {
            return try await withThrowingTaskGroup(of: Result?.self) { group in
                group.addTask {
                    await store.client.run()
                    return nil
                }
                defer { group.cancelAll() }
                return try await body(store)
            }
        } catch let error as CopyError {
            throw error
        } catch let error as StorageError {
            throw CopyError.target(database: settings.redactedURL, detail: "\(error)")
        } catch {
            throw CopyError.target(
                database: settings.redactedURL, detail: ConversationPostgresStore.summary(of: error))
        }
    }
}
