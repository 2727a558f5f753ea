import PostgresNIO

extension ConversationPostgresStore {
    /// Brings the schema up to date; run it at start-up, before serving. Safe when several instances start
    /// at the same moment: each version is applied in its own transaction holding an advisory lock, so the
    /// others wait, then find it recorded in `schema_migrations` and skip it.
    /// Fails within `reachableWithin` when the server cannot be reached at all.
    public func migrate(reachableWithin: Duration = .seconds(15)) async throws {
        try await checkHealth(within: reachableWithin)
        for migration in PostgresSchema.migrations {
            try await transaction(attempts: 1) { connection in
                // Transaction-scoped: released by COMMIT or ROLLBACK, even if this process dies.
                try await connection.all("SELECT pg_advisory_xact_lock(\(PostgresSchema.migrationLock))", statements)
                try await connection.all(PostgresQuery(unsafeSQL: PostgresSchema.bookkeeping), statements)
                let applied = try await connection.all(
                    "SELECT 1 FROM schema_migrations WHERE version = \(migration.version)", statements)
                guard applied.isEmpty else { return }
                logger.info("applying database migration", metadata: ["version": "\(migration.version)"])
                for statement in migration.statements {
                    try await connection.all(PostgresQuery(unsafeSQL: statement), statements)
                }
                try await connection.all(
                    "INSERT INTO schema_migrations (version) VALUES (\(migration.version))", statements)
            }
        }
    }

    /// The versions recorded in `schema_migrations`, oldest first.
    public func appliedMigrations() async throws -> [Int] {
        try await read("SELECT version FROM schema_migrations ORDER BY version").map { try $0.decode(Int.self) }
    }
}
