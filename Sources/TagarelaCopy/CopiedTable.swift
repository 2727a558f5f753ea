import Foundation
import GRDB
import PostgresNIO

/// One table the copy moves, its columns in the order both schemas declare them, and how each is read.
struct CopiedTable: Sendable {
    /// How a SQLite value becomes a PostgreSQL one.
    enum Kind: Sendable {
        case integer
        case real
        case text
        /// SQLite's 0/1 INTEGER, PostgreSQL's BOOLEAN.
        case boolean
        /// SQLite's BLOB, PostgreSQL's BYTEA (files kept in the database).
        case bytes
    }

    /// A column and the SQLite expression that reads it (the column itself unless the queue state changes).
    struct Column: Sendable, Equatable {
        var name: String
        var kind: Kind
        var source: String

        init(_ name: String, _ kind: Kind, source: String? = nil) {
            self.name = name
            self.kind = kind
            self.source = source ?? name
        }
    }

    var name: String
    var columns: [Column]
    /// Whether `id` is a BIGSERIAL whose sequence must move past the copied ids.
    var hasSerialID: Bool

    /// Tables that are not copied: PostgreSQL's own migration record, the dashboard's session secret and sessions
    /// (a new secret only logs everyone out of the dashboard), and the heartbeats of running servers.
    static let notCopied: Set<String> = ["schema_migrations", "admin_secret", "admin_sessions", "instances"]

    /// Columns read from SQLite through an expression of their own: the old installation's workers are gone, so a
    /// turn they held is handed out again at once (its messages go to the new claim, the kept lease token fences
    /// the old one), and unsent replies stay pending or sending, unowned, for the new workers to claim or recover.
    static func expressions(now: Date) -> [String: [String: String]] {
        let now = now.timeIntervalSince1970
        return [
            "contacts": [
                "turn_due_at": "CASE WHEN lease_owner IS NULL THEN turn_due_at "
                    + "ELSE MIN(COALESCE(turn_due_at, \(now)), \(now)) END",
                "lease_owner": "NULL", "lease_until": "NULL",
            ],
            "messages": ["send_owner": "NULL"],
        ]
    }

    /// What a file from before a column's migration reads instead, where PostgreSQL's default would be wrong
    /// (other missing columns take the target's default).
    static let fallbacks: [String: [String: String]] = ["contacts": ["last_inbound_at": "last_seen_at"]]

    /// The copy of `target` from a file whose table has `sourceColumns`: every target column the file has, or
    /// has a fallback for, in the target's order; nil for a table the file does not hold.
    static func plan(
        _ target: PostgresCopyTarget.Table, sourceColumns: Set<String>?, now: Date
    ) throws -> CopiedTable? {
        guard let sourceColumns else { return nil }
        let expressions = expressions(now: now)[target.name] ?? [:]
        let fallbacks = fallbacks[target.name] ?? [:]
        let columns = try target.columns.compactMap { column -> Column? in
            let kind = try Kind(postgresType: column.type, table: target.name, column: column.name)
            if sourceColumns.contains(column.name) {
                return Column(column.name, kind, source: expressions[column.name])
            }
            return fallbacks[column.name].map { Column(column.name, kind, source: $0) }
        }
        return CopiedTable(name: target.name, columns: columns, hasSerialID: target.hasSerialID)
    }
}

extension CopiedTable.Kind {
    /// The kind of a PostgreSQL column, by its type as `format_type` names it.
    init(postgresType type: String, table: String, column: String) throws {
        switch type {
        case "bigint", "integer", "smallint": self = .integer
        case "double precision", "real": self = .real
        case "text", "character varying": self = .text
        case "boolean": self = .boolean
        case "bytea": self = .bytes
        default: throw CopyError.unsupportedColumn(table: table, column: column, type: type)
        }
    }
}

/// One column value on its way from SQLite to PostgreSQL, already in the PostgreSQL column's type.
enum CopyValue: Sendable, Equatable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case boolean(Bool)
    case bytes([UInt8])

    /// Reads a SQLite value as `kind`; nil when SQLite holds something that kind cannot take.
    init?(_ value: DatabaseValue, as kind: CopiedTable.Kind) {
        switch (value.storage, kind) {
        case (.null, _): self = .null
        case (.int64(let number), .integer): self = .integer(number)
        // REAL columns may hand back whole numbers as integers, and the reverse: both are exact here.
        case (.double(let number), .integer):
            guard let exact = Int64(exactly: number) else { return nil }
            self = .integer(exact)
        case (.double(let number), .real): self = .real(number)
        case (.int64(let number), .real): self = .real(Double(number))
        case (.string(let string), .text): self = .text(string)
        case (.int64(let number), .boolean): self = .boolean(number != 0)
        case (.blob(let data), .bytes): self = .bytes(Array(data))
        default: return nil
        }
    }

    /// Appends the value as the next bind parameter; a NULL takes the target column's type.
    func bind(into bindings: inout PostgresBindings) {
        switch self {
        case .null: bindings.appendNull()
        case .integer(let number): bindings.append(number)
        case .real(let number): bindings.append(number)
        case .text(let string): bindings.append(string)
        case .boolean(let flag): bindings.append(flag)
        case .bytes(let bytes): bindings.append(ByteBuffer(bytes: bytes))
        }
    }
}
