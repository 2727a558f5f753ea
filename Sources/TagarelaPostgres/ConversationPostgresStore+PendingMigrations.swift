import PostgresNIO

extension ConversationPostgresStore {
    /// The migration versions `migrate()` would apply, oldest first, read without changing anything: all of them
    /// on an empty database (no `schema_migrations` table yet). Fails within `limit` when PostgreSQL is away.
    public func pendingMigrations(within limit: Duration) async throws -> [Int] {
        try await checkHealth(within: limit)
        let table = try await read("SELECT to_regclass('schema_migrations') IS NOT NULL")
        let exists = try table.first?.decode(Bool.self) ?? false
        let applied = exists ? Set(try await appliedMigrations()) : []
        return PostgresSchema.migrations.map(\.version).filter { !applied.contains($0) }
    }
}
