/// Why a copy stopped, as one line for the operator. Nothing is left half-copied in PostgreSQL: the copy
/// commits once, at the end, after the row counts matched.
public enum CopyError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A `--from` or `--to` value (or the configuration behind its default) that cannot be used.
    case invalidEndpoint(String)
    /// There is no SQLite file at the path.
    case sourceMissing(path: String)
    /// The file is not a Tagarela database, or one this version does not know how to read.
    case unsupportedSource(path: String, reason: String)
    /// The PostgreSQL database already holds data: copying would mix two installations.
    case targetNotEmpty(database: String, contacts: Int, messages: Int, others: Int)
    /// A value SQLite holds that its column's type cannot take.
    case unreadableValue(table: String, column: String, rowID: Int64)
    /// After copying, PostgreSQL does not hold as many rows as SQLite.
    case countMismatch(table: String, source: Int, target: Int)
    /// PostgreSQL refused or failed.
    case target(database: String, detail: String)
    /// A PostgreSQL column of a type this version cannot fill from SQLite.
    case unsupportedColumn(table: String, column: String, type: String)

    public var description: String {
        switch self {
        case .invalidEndpoint(let detail):
            detail
        case .sourceMissing(let path):
            "there is no SQLite database at \(path)"
        case .unsupportedSource(let path, let reason):
            "\(path) cannot be copied: \(reason)"
        case .targetNotEmpty(let database, let contacts, let messages, let others):
            "refusing to copy: \(database) already holds \(contacts) contacts, \(messages) messages and \(others) "
                + "other rows, and copying into it would mix two installations (use an empty database)"
        case .unreadableValue(let table, let column, let rowID):
            "\(table).\(column) of row \(rowID) holds a value of the wrong type; nothing was copied"
        case .countMismatch(let table, let source, let target):
            "\(table): SQLite has \(source) rows but PostgreSQL would get \(target); nothing was copied"
        case .target(let database, let detail):
            "PostgreSQL at \(database) failed: \(detail); nothing was copied"
        case .unsupportedColumn(let table, let column, let type):
            "\(table).\(column) is of type \(type), which the copy cannot fill; nothing was copied"
        }
    }
}
