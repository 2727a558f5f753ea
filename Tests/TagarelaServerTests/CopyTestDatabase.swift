import Foundation
import Logging
import PostgresNIO
import TagarelaCore
import TagarelaPostgres
import Testing

/// Fresh PostgreSQL databases for the copy tests, on the server of `TAGARELA_TEST_POSTGRES_URL`, under the
/// storage suite's rule: skipped when it is unset, failing under `CI=true`.
enum CopyTestDatabase {
    static let variable = "TAGARELA_TEST_POSTGRES_URL"
    static let skipped: Comment = """
        TAGARELA_TEST_POSTGRES_URL is not set: the copy-to-postgres tests are skipped \
        (eval "$(scripts/postgres-for-tests start)" to run them)
        """

    static var url: String? {
        ProcessInfo.processInfo.environment[variable].flatMap { $0.isEmpty ? nil : $0 }
    }

    static var isCI: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }

    /// Whether the tests run at all: they do when configured, and under CI, to fail there.
    static var isEnabled: Bool { url != nil || isCI }

    /// Tests log nothing: migrations would announce themselves.
    static let quiet = Logger(label: "tagarela.test.copy") { _ in SwiftLogNoOpLogHandler() }

    /// Runs `body` with the settings of a new empty database, dropped afterwards.
    static func withDatabase<Result: Sendable>(
        _ body: (PostgresSettings) async throws -> Result
    ) async throws -> Result {
        guard let url else {
            throw StorageError.unavailable(
                "\(isCI ? "CI=true but " : "")\(variable) is not set: start PostgreSQL with "
                    + "eval \"$(scripts/postgres-for-tests start)\"")
        }
        var server = try PostgresSettings(url: url)
        server.maximumConnections = 2
        let admin = server.makeClient(logger: quiet)
        let running = Task { await admin.run() }
        defer { running.cancel() }
        // Named as the storage suite names its databases, so its sweep drops any a crashed run left.
        let name = "tagarela_t_\(Int(Date().timeIntervalSince1970))_\(UUID().uuidString.prefix(8).lowercased())"
        _ = try await admin.query("CREATE DATABASE \(unescaped: name)", logger: quiet).collect()
        var settings = server
        settings.database = name
        do {
            let result = try await body(settings)
            _ = try? await admin.query("DROP DATABASE IF EXISTS \(unescaped: name) WITH (FORCE)", logger: quiet)
                .collect()
            return result
        } catch {
            _ = try? await admin.query("DROP DATABASE IF EXISTS \(unescaped: name) WITH (FORCE)", logger: quiet)
                .collect()
            throw error
        }
    }

    /// Runs `body` with a store on `settings` whose pool runs meanwhile.
    static func withStore<Result: Sendable>(
        _ settings: PostgresSettings, _ body: (ConversationPostgresStore) async throws -> Result
    ) async throws -> Result {
        let store = ConversationPostgresStore(settings: settings, logger: quiet)
        let client = store.client
        let running = Task { await client.run() }
        defer { running.cancel() }
        return try await body(store)
    }
}
