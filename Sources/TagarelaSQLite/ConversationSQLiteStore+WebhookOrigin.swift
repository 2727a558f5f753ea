import Foundation
import GRDB
import TagarelaCore

extension ConversationSQLiteStore {
    public func recordWebhookOrigin(_ origin: String, at now: Date) async throws {
        try await write { db in
            try db.execute(
                sql: """
                    INSERT INTO webhook_origin (id, origin, seen_at) VALUES (1, ?, ?)
                    ON CONFLICT (id) DO UPDATE SET origin = excluded.origin, seen_at = excluded.seen_at
                    """,
                arguments: [origin, now.sqlSeconds])
        }
    }

    public func webhookOrigin() async throws -> String? {
        try await read { db in
            try String.fetchOne(db, sql: "SELECT origin FROM webhook_origin WHERE id = 1")
        }
    }
}
