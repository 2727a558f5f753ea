import Foundation
import GRDB
import PostgresNIO
import TagarelaCore
import TagarelaFakes
import TagarelaPostgres
import Testing

@testable import TagarelaCopy
@testable import TagarelaSQLite

/// The two SQL stores migrate to the same tables and columns: the copy to PostgreSQL reads what to copy from the
/// migrated schemas themselves, so a column one store adds and the other lacks would be silently left behind.
@Suite(
    "Schemas: SQLite and PostgreSQL hold the same tables and columns",
    .enabled(if: PostgresTestDatabase.isEnabled, Comment(rawValue: PostgresTestDatabase.skipped)),
    .timeLimit(.minutes(2))
)
struct SchemaParityTests {
    @Test func everyTableAndColumnIsInBoth() async throws {
        let queue = try DatabaseQueue()
        try SQLiteSchema.migrator.migrate(queue)
        let sqlite: [String: Set<String>] = try await queue.read { db in
            let names = try String.fetchAll(
                db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
            var tables: [String: Set<String>] = [:]
            for name in names where name != "grdb_migrations" && !CopiedTable.notCopied.contains(name) {
                tables[name] = Set(try db.columns(in: name).map(\.name))
            }
            return tables
        }
        let server = try PostgresTestDatabase.server()
        let running = try await PostgresTestDatabase.makeStore(on: server)
        defer { Task { await running.discard() } }
        let postgres = try await running.store.client.withConnection { connection in
            try await PostgresCopyTarget(connection: connection, logger: PostgresTestDatabase.quiet, database: "test")
                .tables()
        }
        let target = Dictionary(uniqueKeysWithValues: postgres.map { ($0.name, Set($0.columns.map(\.name))) })
        #expect(Set(target.keys) == Set(sqlite.keys))
        for (table, columns) in sqlite {
            #expect(target[table] == columns, "\(table)")
        }
    }
}
