import Logging
import PostgresNIO

/// The PostgreSQL side of a copy: one transaction on one connection, so a copy that fails anywhere leaves
/// the database as empty as it found it and can simply be run again.
struct PostgresCopyTarget {
    let connection: PostgresConnection
    let logger: Logger
    /// The database as it may be shown: its URL without the password.
    let database: String

    /// A table of the migrated database: its columns in their declared order, with their types.
    struct Table: Sendable, Equatable {
        var name: String
        var columns: [(name: String, type: String)]
        var hasSerialID: Bool

        static func == (lhs: Table, rhs: Table) -> Bool {
            lhs.name == rhs.name && lhs.hasSerialID == rhs.hasSerialID
                && lhs.columns.map(\.name) == rhs.columns.map(\.name)
                && lhs.columns.map(\.type) == rhs.columns.map(\.type)
        }
    }

    /// The migrated database's tables, as its migrations made them (the one description of the schema), in the
    /// order they were created, which is an order where every table comes after those it refers to.
    func tables() async throws -> [Table] {
        let rows = try await connection.query(
            """
            SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod),
                COALESCE(pg_get_expr(d.adbin, d.adrelid), '')
            FROM pg_class c
            JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = current_schema()
            JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
            LEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum
            WHERE c.relkind = 'r'
            ORDER BY c.oid, a.attnum
            """, logger: logger
        ).collect()
        var tables: [Table] = []
        for row in rows {
            let (table, column, type, defaultValue) = try row.decode((String, String, String, String).self)
            guard !CopiedTable.notCopied.contains(table) else { continue }
            if tables.last?.name != table { tables.append(Table(name: table, columns: [], hasSerialID: false)) }
            tables[tables.count - 1].columns.append((column, type))
            if column == "id", defaultValue.hasPrefix("nextval(") { tables[tables.count - 1].hasSerialID = true }
        }
        return tables
    }

    /// Copies every table, checks the counts and commits; rolls everything back on any error.
    func copy(
        from source: SQLiteCopySource, tables: [CopiedTable], batchSize: Int,
        progress: @Sendable (CopyEvent) -> Void
    ) async throws -> [TableProgress] {
        try await execute("BEGIN")
        do {
            // Writers of a server already started on this database wait until the copy is done, so nothing
            // slips in between the emptiness check and the commit; a lock that never comes is an error.
            try await execute("SET LOCAL lock_timeout = '15s'")
            try await execute("LOCK TABLE contacts, contact_identities, turns, messages IN EXCLUSIVE MODE")
            try await requireEmpty()
            var copied: [TableProgress] = []
            for table in tables {
                copied.append(try await copy(table, from: source, batchSize: batchSize, progress: progress))
            }
            try await execute("COMMIT")
            return copied
        } catch {
            // The original error is what matters; a failed rollback ends with the connection anyway.
            _ = try? await execute("ROLLBACK")
            throw error
        }
    }

    private func requireEmpty() async throws {
        let rows = try await connection.query(
            """
            SELECT (SELECT COUNT(*) FROM contacts), (SELECT COUNT(*) FROM messages),
                (SELECT COUNT(*) FROM contact_identities) + (SELECT COUNT(*) FROM turns)
            """, logger: logger
        ).collect()
        let (contacts, messages, others) = try rows.first?.decode((Int, Int, Int).self) ?? (0, 0, 0)
        guard contacts == 0, messages == 0, others == 0 else {
            throw CopyError.targetNotEmpty(database: database, contacts: contacts, messages: messages, others: others)
        }
    }

    /// Copies one table in batches of `batchSize` rows, in id order, then checks its count.
    private func copy(
        _ table: CopiedTable, from source: SQLiteCopySource, batchSize: Int, progress: @Sendable (CopyEvent) -> Void
    ) async throws -> TableProgress {
        let total = try await source.count(table)
        var done = TableProgress(table: table.name, copied: 0, total: total)
        progress(.progress(done))
        var after = Int64.min
        while true {
            let page = try await source.page(table, after: after, limit: batchSize)
            guard let last = page.last else { break }
            try await insert(page.rows, into: table)
            done.copied += page.rows.count
            after = last
            progress(.progress(done))
        }
        let counted =
            try await connection.query(
                PostgresQuery(unsafeSQL: "SELECT COUNT(*) FROM \(table.name)"), logger: logger
            ).collect().first?.decode(Int.self) ?? 0
        guard counted == total, done.copied == total else {
            throw CopyError.countMismatch(table: table.name, source: total, target: counted)
        }
        if table.hasSerialID {
            // New rows get ids past every copied one: the sequence starts where SQLite's left off.
            let next = try await source.nextID(table)
            try await execute("SELECT setval(pg_get_serial_sequence(\(table.name), 'id'), \(next), false)")
        }
        return done
    }

    /// One multi-row INSERT; ids and every other column are taken as they are.
    private func insert(_ rows: [[CopyValue]], into table: CopiedTable) async throws {
        let width = table.columns.count
        var bindings = PostgresBindings(capacity: rows.count * width)
        var tuples: [String] = []
        tuples.reserveCapacity(rows.count)
        for (index, row) in rows.enumerated() {
            let first = index * width + 1
            tuples.append("(" + (first..<first + width).map { "$\($0)" }.joined(separator: ", ") + ")")
            for value in row { value.bind(into: &bindings) }
        }
        let columns = table.columns.map(\.name).joined(separator: ", ")
        let sql = "INSERT INTO \(table.name) (\(columns)) VALUES \(tuples.joined(separator: ", "))"
        _ = try await connection.query(PostgresQuery(unsafeSQL: sql, binds: bindings), logger: logger).collect()
    }

    private func execute(_ query: PostgresQuery) async throws {
        _ = try await connection.query(query, logger: logger).collect()
    }
}
