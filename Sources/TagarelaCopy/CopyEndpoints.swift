import TagarelaPostgres

/// Where `tagarela copy-to-postgres` copies from and to.
public struct CopyEndpoints: Sendable, Equatable, CustomStringConvertible {
    /// The SQLite file to read.
    public var sqlitePath: String
    /// The empty PostgreSQL database to fill.
    public var postgres: PostgresSettings

    public init(sqlitePath: String, postgres: PostgresSettings) {
        self.sqlitePath = sqlitePath
        self.postgres = postgres
    }

    /// `sqlite://PATH to postgres://USER:…@HOST:PORT/DB`, without the password.
    public var description: String { "sqlite://\(sqlitePath) to \(postgres.redactedURL)" }
}
