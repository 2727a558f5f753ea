import Foundation
import TagarelaPostgres

/// Where conversations are stored, from `DATABASE_URL` (or the older scripts' `POSTGRES_DB_*` variables).
public enum DatabaseConfiguration: Sendable, Equatable {
    /// A SQLite file, relative to the working directory unless absolute, or ``inMemoryPath``.
    case sqlite(path: String, synchronous: SQLiteSynchronous)
    /// A PostgreSQL server, shared by any number of instances.
    case postgres(PostgresSettings)

    /// The path that asks SQLite for a private in-memory database.
    public static let inMemoryPath = ":memory:"

    /// The default, `sqlite://tagarela.sqlite`.
    public static let defaultURL = "sqlite://tagarela.sqlite"

    /// The setting spelled back as a URL, e.g. `sqlite:///var/lib/tagarela.sqlite`, safe to log.
    public var redactedURL: String {
        switch self {
        case .sqlite(let path, _):
            // An absolute path brings its own slash: sqlite:// + /var/x is sqlite:///var/x.
            path == Self.inMemoryPath ? "sqlite::memory:" : "sqlite://\(path)"
        case .postgres(let settings):
            settings.redactedURL
        }
    }
}

/// SQLite's `PRAGMA synchronous`: `normal` is safe with WAL and faster; `full` also survives power loss.
public enum SQLiteSynchronous: String, Sendable, Equatable, CaseIterable {
    case normal
    case full
}

extension DatabaseConfiguration {
    /// Reads `DATABASE_URL` (or `POSTGRES_DB_*`), `SQLITE_SYNCHRONOUS` and the PostgreSQL pool settings.
    init(_ reader: EnvironmentReader) throws(ConfigurationError) {
        let synchronous: SQLiteSynchronous = try reader.choice("SQLITE_SYNCHRONOUS", default: .normal)
        var postgres: PostgresSettings?
        do {
            if let url = reader.string("DATABASE_URL") {
                let lowered = url.lowercased()
                if lowered.hasPrefix("postgres://") || lowered.hasPrefix("postgresql://") {
                    postgres = try PostgresSettings(url: url)
                }
            } else {
                postgres = try PostgresSettings.fromLegacyVariables(reader.values)
            }
        } catch {
            throw ConfigurationError(setting: error.setting, message: error.description)
        }
        guard var postgres else {
            self = try Self.parse(reader.string("DATABASE_URL") ?? Self.defaultURL, synchronous: synchronous)
            return
        }
        postgres.maximumConnections = try reader.int("DATABASE_POOL_SIZE", default: 20, in: 1...1000)
        postgres.connectTimeout = try reader.seconds("DATABASE_CONNECT_TIMEOUT_SECONDS", default: 5, in: 1...120)
        self = .postgres(postgres)
    }

    /// Accepts `sqlite://RELATIVE/PATH`, `sqlite:///ABSOLUTE/PATH`, `sqlite:PATH` and `sqlite::memory:`.
    static func parse(
        _ raw: String, synchronous: SQLiteSynchronous
    ) throws(ConfigurationError) -> DatabaseConfiguration {
        let lowered = raw.lowercased()
        // A URL with a user part may carry a password: show only its scheme.
        let shown = raw.contains("@") ? (raw.components(separatedBy: "://").first ?? "") + "://…" : raw
        let invalid = ConfigurationError.invalid(
            "DATABASE_URL", mustBe: "sqlite://PATH, sqlite:///ABSOLUTE/PATH or sqlite::memory:", got: shown)
        guard lowered.hasPrefix("sqlite:") else { throw invalid }
        var path = String(raw.dropFirst("sqlite:".count))
        if path.hasPrefix("//") { path.removeFirst(2) }
        if path == Self.inMemoryPath {
            return .sqlite(path: Self.inMemoryPath, synchronous: synchronous)
        }
        path = path.removingPercentEncoding ?? path
        guard !path.isEmpty, !path.hasSuffix("/"), !path.contains("?") else { throw invalid }
        return .sqlite(path: path, synchronous: synchronous)
    }
}
