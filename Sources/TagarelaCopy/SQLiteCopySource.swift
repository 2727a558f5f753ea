import Foundation
import GRDB
import TagarelaSQLite

/// The SQLite side of a copy: one snapshot of the file, so every table is read as of the same moment even
/// if a server still writes to it, opened read-only and never migrated.
struct SQLiteCopySource: Sendable {
    /// The migrations this version knows how to copy: the SQLite store's own (`grdb_migrations` identifiers).
    static let knownMigrations = Set(ConversationSQLiteStore.migrationIdentifiers)

    let snapshot: DatabaseSnapshot
    let path: String
    /// The migrations the file has: columns added later are read as their fallback.
    private(set) var applied: Set<String> = []

    init(path: String) throws {
        guard FileManager.default.fileExists(atPath: path) else { throw CopyError.sourceMissing(path: path) }
        var configuration = GRDB.Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(10)
        do {
            snapshot = try DatabasePool(path: path, configuration: configuration).makeSnapshot()
        } catch {
            throw CopyError.unsupportedSource(path: path, reason: "SQLite cannot open it (\(error))")
        }
        self.path = path
        try checkSchema()
    }

    /// Refuses a file Tagarela did not write, or one a newer version migrated further than this one knows.
    private mutating func checkSchema() throws {
        let applied = try? snapshot.read { db in
            try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations")
        }
        guard let applied, applied.contains("v1-conversations") else {
            throw CopyError.unsupportedSource(path: path, reason: "it is not a Tagarela database")
        }
        if let unknown = applied.first(where: { !Self.knownMigrations.contains($0) }) {
            throw CopyError.unsupportedSource(
                path: path, reason: "a newer Tagarela migrated it (\(unknown)); copy it with that version")
        }
        self.applied = Set(applied)
    }

    /// The columns of `table` in this file; nil when the file does not have the table (it predates it).
    func columns(of table: String) async throws -> Set<String>? {
        try await snapshot.read { db in
            guard try db.tableExists(table) else { return nil }
            return Set(try db.columns(in: table).map(\.name))
        }
    }

    func count(_ table: CopiedTable) async throws -> Int {
        try await snapshot.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table.name)") ?? 0 }
    }

    /// The id PostgreSQL's sequence hands out next: past every id SQLite ever gave, deleted rows included.
    func nextID(_ table: CopiedTable) async throws -> Int64 {
        try await snapshot.read { db in
            let highest = try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM \(table.name)") ?? 0
            let given =
                try Int64.fetchOne(
                    db, sql: "SELECT seq FROM sqlite_sequence WHERE name = ?", arguments: [table.name]) ?? 0
            return max(highest, given) + 1
        }
    }

    /// Up to `limit` rows after `rowID`, in rowid order, with the rowid of the last one.
    func page(_ table: CopiedTable, after rowID: Int64, limit: Int) async throws -> (rows: [[CopyValue]], last: Int64?)
    {
        let sql = """
            SELECT rowid, \(table.columns.map(\.source).joined(separator: ", ")) FROM \(table.name)
            WHERE rowid > ? ORDER BY rowid LIMIT ?
            """
        return try await snapshot.read { db in
            var rows: [[CopyValue]] = []
            var last: Int64?
            let cursor = try Row.fetchCursor(db, sql: sql, arguments: [rowID, limit])
            while let row = try cursor.next() {
                let current: Int64 = row[0]
                rows.append(
                    try table.columns.enumerated().map { index, column in
                        guard let value = CopyValue(row[index + 1] as DatabaseValue, as: column.kind) else {
                            throw CopyError.unreadableValue(table: table.name, column: column.name, rowID: current)
                        }
                        return value
                    })
                last = current
            }
            return (rows, last)
        }
    }
}
