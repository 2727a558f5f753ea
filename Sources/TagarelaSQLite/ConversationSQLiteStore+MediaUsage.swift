import Foundation
import GRDB
import TagarelaCore

extension ConversationSQLiteStore {
    public func takeMediaAllowance(contactID: Int64, bytes: Int, day: Date, quota: MediaQuota) async throws -> Bool {
        try await batcher.write { db in
            try db.execute(
                sql: "DELETE FROM media_usage WHERE contact_id = ? AND day < ?", arguments: [contactID, day.sqlSeconds])
            let used = try Row.fetchOne(
                db, sql: "SELECT count, bytes FROM media_usage WHERE contact_id = ? AND day = ?",
                arguments: [contactID, day.sqlSeconds])
            let count = (used?["count"] as Int? ?? 0) + 1
            let total = (used?["bytes"] as Int? ?? 0) + bytes
            if quota.dailyCount > 0, count > quota.dailyCount { return false }
            if quota.dailyBytes > 0, total > quota.dailyBytes { return false }
            try db.execute(
                sql: """
                    INSERT INTO media_usage (contact_id, day, count, bytes) VALUES (?, ?, ?, ?)
                    ON CONFLICT (contact_id, day) DO UPDATE SET count = excluded.count, bytes = excluded.bytes
                    """, arguments: [contactID, day.sqlSeconds, count, total])
            return true
        }
    }
}
