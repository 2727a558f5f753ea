import Foundation
import GRDB

extension ConversationSQLiteStore {
    /// The migrations opening the file at `path` would apply, oldest first, read without changing anything:
    /// all of them when the file does not exist yet. The file is opened read-only.
    public static func pendingMigrations(path: String) throws -> [String] {
        guard FileManager.default.fileExists(atPath: path) else { return migrationIdentifiers }
        var configuration = GRDB.Configuration()
        configuration.readonly = true
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        let applied = try queue.read { try SQLiteSchema.migrator.appliedIdentifiers($0) }
        return migrationIdentifiers.filter { !applied.contains($0) }
    }
}
