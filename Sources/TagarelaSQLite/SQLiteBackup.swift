import Foundation
import GRDB

/// An online copy of a SQLite database: SQLite's backup API copies a consistent snapshot page by page while
/// the server keeps writing, so backing up never means stopping.
public enum SQLiteBackup {
    public struct Summary: Sendable, Equatable {
        public var contacts: Int
        public var messages: Int
        public var bytes: Int
    }

    public enum Failure: Error, Equatable, CustomStringConvertible {
        case sourceMissing(String)
        case destinationExists(String)
        case damaged(String)

        public var description: String {
            switch self {
            case .sourceMissing(let path): "there is no database at \(path)"
            case .destinationExists(let path): "\(path) already exists; choose another name (a backup never overwrites)"
            case .damaged(let detail): "the copy failed its integrity check: \(detail)"
            }
        }
    }

    /// Copies `source` to the new file `destination`, then checks the copy and counts what it holds.
    public static func run(from source: String, to destination: String) throws -> Summary {
        guard FileManager.default.fileExists(atPath: source) else { throw Failure.sourceMissing(source) }
        guard !FileManager.default.fileExists(atPath: destination) else {
            throw Failure.destinationExists(destination)
        }
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        let from = try DatabasePool(path: source, configuration: configuration)
        do {
            let to = try DatabaseQueue(path: destination)
            try from.backup(to: to)
            // A single file: the copy must not depend on a WAL beside it.
            try to.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA journal_mode = DELETE") }
            return try to.read { db in
                let check = try String.fetchOne(db, sql: "PRAGMA integrity_check") ?? "no answer"
                guard check == "ok" else { throw Failure.damaged(check) }
                return Summary(
                    contacts: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM contacts") ?? 0,
                    messages: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM messages") ?? 0,
                    bytes: (try? FileManager.default.attributesOfItem(atPath: destination)[.size] as? Int) ?? 0)
            }
        } catch {
            // Never leave a half-written copy that looks like a backup.
            try? FileManager.default.removeItem(atPath: destination)
            throw error
        }
    }
}
