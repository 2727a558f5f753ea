import Foundation
import PostgresNIO
import TagarelaCore

extension ConversationPostgresStore {
    public func takeMediaAllowance(contactID: Int64, bytes: Int, day: Date, quota: MediaQuota) async throws -> Bool {
        let maxCount = quota.dailyCount > 0 ? quota.dailyCount : Int.max
        let maxBytes = quota.dailyBytes > 0 ? quota.dailyBytes : Int.max
        return try await transaction { connection in
            try await connection.all(
                "DELETE FROM media_usage WHERE contact_id = \(contactID) AND day < \(day.unixSeconds)", logger)
            // One statement decides and counts, so instances answering the same contact at once never both pass.
            return try await !connection.all(
                """
                INSERT INTO media_usage (contact_id, day, count, bytes)
                SELECT \(contactID), \(day.unixSeconds), 1, \(bytes) WHERE \(bytes) <= \(maxBytes) AND 1 <= \(maxCount)
                ON CONFLICT (contact_id, day) DO UPDATE SET count = media_usage.count + 1,
                    bytes = media_usage.bytes + EXCLUDED.bytes
                WHERE media_usage.count + 1 <= \(maxCount) AND media_usage.bytes + EXCLUDED.bytes <= \(maxBytes)
                RETURNING true
                """, logger
            ).isEmpty
        }
    }
}
