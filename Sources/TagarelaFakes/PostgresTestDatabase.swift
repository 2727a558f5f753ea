import Foundation
import Logging
import PostgresNIO
import TagarelaCore
import TagarelaPostgres

/// The PostgreSQL server of `TAGARELA_TEST_POSTGRES_URL` (`eval "$(scripts/postgres-for-tests start)"`), on
/// which every test gets a database of its own. Unset, the PostgreSQL tests are skipped, except under
/// `CI=true`, where they fail: a green CI run must have exercised PostgreSQL.
public enum PostgresTestDatabase {
    public static let variable = "TAGARELA_TEST_POSTGRES_URL"
    /// Why the PostgreSQL tests did not run.
    public static let skipped = """
        TAGARELA_TEST_POSTGRES_URL is not set: these and the postgres cases of the storage suites are skipped \
        (eval "$(scripts/postgres-for-tests start)" to run them)
        """

    public static var url: String? {
        ProcessInfo.processInfo.environment[variable].flatMap { $0.isEmpty ? nil : $0 }
    }

    public static var isCI: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }

    /// Whether PostgreSQL tests run at all: they do when configured, and under CI, to fail there.
    public static var isEnabled: Bool { url != nil || isCI }

    /// Tests log nothing: migrations would announce themselves in every test.
    public static let quiet = Logger(label: "tagarela.test.postgres") { _ in SwiftLogNoOpLogHandler() }

    /// The server's settings, or an error that says how to provide one.
    public static func server() throws -> PostgresSettings {
        guard let url else {
            let context = isCI ? "CI=true but " : ""
            throw StorageError.unavailable(
                "\(context)\(variable) is not set: start PostgreSQL with eval \"$(scripts/postgres-for-tests start)\"")
        }
        var settings = try PostgresSettings(url: url)
        settings.maximumConnections = 4
        settings.connectTimeout = .seconds(5)
        return settings
    }

    /// Runs one administrative statement (create or drop a database, list them) on a connection of its own to the
    /// URL's database. A pool shared by the whole test process was seen to wedge under heavy load (no connection
    /// open, every query waiting for one forever, and deaf to cancellation), which held the test run until CI gave
    /// up; a connection per statement has no such state, and the timeout abandons a statement that hangs.
    static func administer<Result: Sendable>(
        _ what: String, _ body: @escaping @Sendable (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        guard let url, let settings = try? PostgresSettings(url: url) else {
            throw StorageError.unavailable("\(variable) is not a usable postgres:// URL")
        }
        let configuration = PostgresConnection.Configuration(
            host: settings.host, port: settings.port, username: settings.username, password: settings.password,
            database: settings.database, tls: try settings.connectionTLS)
        return try await abandoning(
            after: .seconds(30), "\(what) on \(settings.host):\(settings.port) did not finish within 30 s"
        ) {
            let connection = try await PostgresConnection.connect(
                configuration: configuration, id: 0, logger: quiet)
            do {
                let result = try await body(connection)
                try? await connection.close()
                return result
            } catch {
                try? await connection.close()
                throw error
            }
        }
    }

    /// Creates an empty database named after the moment, so that a later run can drop what a crashed one left.
    public static func createDatabase(on server: PostgresSettings) async throws -> PostgresSettings {
        let created = Int(Date().timeIntervalSince1970)
        let name = "tagarela_t_\(created)_\(UUID().uuidString.prefix(8).lowercased())"
        _ = sweep
        try await administer("creating a test database") { connection in
            _ = try await connection.query("CREATE DATABASE \(unescaped: name)", logger: quiet).collect()
        }
        var settings = server
        settings.database = name
        return settings
    }

    /// Drops test databases left for more than two hours, once per test process, in the background.
    private static let sweep = Task {
        let cutoff = Int(Date().timeIntervalSince1970) - 7200
        let names = try await administer("listing test databases") { connection in
            try await connection.query(
                "SELECT datname FROM pg_database WHERE datname LIKE 'tagarela\\_t\\_%'", logger: quiet
            ).collect().map { try $0.decode(String.self) }
        }
        for name in names {
            guard let created = Int(name.split(separator: "_")[2]), created < cutoff else { continue }
            try? await drop(name)
        }
    }

    public static func drop(_ database: String) async throws {
        try await administer("dropping a test database") { connection in
            _ = try await connection.query(
                "DROP DATABASE IF EXISTS \(unescaped: database) WITH (FORCE)", logger: quiet
            ).collect()
        }
    }

    /// Runs `body` with the settings of a new empty database on the test server, dropped afterwards.
    public static func withDatabase<Result: Sendable>(
        _ body: (PostgresSettings) async throws -> Result
    ) async throws -> Result {
        let settings = try await createDatabase(on: try server())
        do {
            let result = try await body(settings)
            try? await drop(settings.database ?? "")
            return result
        } catch {
            try? await drop(settings.database ?? "")
            throw error
        }
    }

    /// Runs `body` with a store on `settings` whose pool runs meanwhile.
    public static func withStore<Result: Sendable>(
        _ settings: PostgresSettings, _ body: (ConversationPostgresStore) async throws -> Result
    ) async throws -> Result {
        let store = ConversationPostgresStore(settings: settings, logger: quiet)
        let client = store.client
        let running = Task { await client.run() }
        defer { running.cancel() }
        return try await body(store)
    }

    /// A migrated store on a fresh database, with the task that runs its pool.
    public static func makeStore(on server: PostgresSettings) async throws -> RunningStore {
        let settings = try await createDatabase(on: server)
        let store = ConversationPostgresStore(settings: settings, logger: quiet)
        let client = store.client
        let running = Task { await client.run() }
        do {
            try await store.migrate(reachableWithin: .seconds(10))
        } catch {
            running.cancel()
            throw error
        }
        return RunningStore(store: store, database: settings.database ?? "", running: running)
    }

    /// A test's store, the database it has to itself, and the task running its pool.
    public struct RunningStore: Sendable {
        public var store: ConversationPostgresStore
        public var database: String
        public var running: Task<Void, Never>

        /// Stops the pool and drops the database.
        public func discard() async {
            running.cancel()
            try? await PostgresTestDatabase.drop(database)
        }
    }
}
