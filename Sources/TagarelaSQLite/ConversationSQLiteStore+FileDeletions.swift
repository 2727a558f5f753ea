import Foundation
import GRDB
import TagarelaCore

/// `FileDeletionQueue`: files outside the database to delete, queued by the `media_file_deleted` trigger.
extension ConversationSQLiteStore {
    public func dueFileDeletions(now: Date, limit: Int) async throws -> [FileDeletion] {
        try await read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT id, location, contact_id, attempts FROM file_deletions WHERE next_attempt_at <= ?
                    ORDER BY id LIMIT ?
                    """, arguments: [now.sqlSeconds, max(limit, 0)]
            ).map {
                FileDeletion(
                    id: $0["id"], location: $0["location"], contactID: $0["contact_id"], attempts: $0["attempts"])
            }
        }
    }

    public func finishFileDeletion(id: Int64) async throws {
        try await write { db in
            try db.execute(sql: "DELETE FROM file_deletions WHERE id = ?", arguments: [id])
        }
    }

    public func postponeFileDeletion(id: Int64, retryAt: Date) async throws {
        try await write { db in
            try db.execute(
                sql: "UPDATE file_deletions SET attempts = attempts + 1, next_attempt_at = ? WHERE id = ?",
                arguments: [retryAt.sqlSeconds, id])
        }
    }

    public func pendingFileDeletions(contactID: Int64) async throws -> Int {
        try await read { db in
            try Int.fetchOne(
                db, sql: "SELECT COUNT(*) FROM file_deletions WHERE contact_id = ?", arguments: [contactID])
                ?? 0
        }
    }

    public func nextFileDeletionDue() async throws -> Date? {
        try await read { db in
            try Double.fetchOne(db, sql: "SELECT MIN(next_attempt_at) FROM file_deletions").map(Date.init(sqlSeconds:))
        }
    }
}
