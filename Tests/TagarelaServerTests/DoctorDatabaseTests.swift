import Foundation
import GRDB
import TagarelaFakes
import TagarelaPostgres
import TagarelaSQLite
import TagarelaServer
import Testing

/// The database check: pending migrations are listed, never applied; an unwritable place or a dead server fails.
@Suite("tagarela doctor: the database", .timeLimit(.minutes(2)))
struct DoctorDatabaseTests {
    /// The database check's line for `url`, the check given `timeout` (the tests' patience where it must answer).
    static func line(_ url: String, timeout: Duration = testPatience) async throws -> DoctorLine {
        let lines = await Doctor.examine(environment: ["DATABASE_URL": url], dotEnvPath: nil, timeout: timeout)
        return try #require(lines.first { $0.name == "database" })
    }

    @Test("An old SQLite file: its pending migrations are listed and the file is left as it was")
    func oldSQLite() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("doctor-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("old.sqlite").path
        let first = try #require(ConversationSQLiteStore.migrationIdentifiers.first)
        let queue = try DatabaseQueue(path: path)
        try await queue.write { db in
            try db.execute(sql: "CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY)")
            try db.execute(sql: "INSERT INTO grdb_migrations VALUES (?)", arguments: [first])
        }
        try queue.close()
        let pending = ConversationSQLiteStore.migrationIdentifiers.count - 1
        let line = try await Self.line("sqlite://\(path)")
        #expect(line.outcome.mark == "✓" && line.description.contains("\(pending) pending migrations"), "\(line)")
        #expect(try ConversationSQLiteStore.pendingMigrations(path: path).count == pending)

        let recorded = try await DatabaseQueue(path: path).read {
            try Int.fetchOne($0, sql: "SELECT count(*) FROM grdb_migrations")
        }
        #expect(recorded == 1)
        let fresh = directory.appendingPathComponent("fresh.sqlite").path
        _ = try ConversationSQLiteStore(path: fresh)
        #expect(try await Self.line("sqlite://\(fresh)").description.contains("no pending migrations"))
        let missing = try await Self.line("sqlite:///nonexistent-\(UUID().uuidString)/db.sqlite")
        #expect(missing.outcome.isFailure, "\(missing)")
    }

    @Test(
        "PostgreSQL: an empty database lists every migration, a migrated one none; a closed port fails",
        .enabled(if: PostgresTestDatabase.isEnabled, Comment(rawValue: PostgresTestDatabase.skipped)))
    func postgres() async throws {
        try await PostgresTestDatabase.withDatabase { settings in
            let url = "postgres://\(settings.username)@\(settings.host):\(settings.port)/\(settings.database ?? "")"
            let empty = try await Self.line(url)
            #expect(empty.outcome.mark == "✓" && empty.description.contains("pending migrations (1, 2,"), "\(empty)")
            try await PostgresTestDatabase.withStore(settings) { store in
                #expect(try await store.pendingMigrations(within: testPatience).count > 1)
                try await store.migrate()
                #expect(try await store.pendingMigrations(within: testPatience).isEmpty)
            }
            #expect(try await Self.line(url).description.contains("no pending migrations"))
        }
        let closed = try ClosedPort()
        // Nothing listens there: a refusal or no answer both fail, so a short limit decides as surely as a long one
        // (the pool retries a refused connection until the limit).
        let dead = try await Self.line("postgres://postgres@127.0.0.1:\(closed.port)/postgres", timeout: .seconds(2))
        #expect(dead.outcome.isFailure, "\(dead)")
    }
}
