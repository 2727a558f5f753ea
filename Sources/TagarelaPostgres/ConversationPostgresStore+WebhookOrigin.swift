import Foundation
import PostgresNIO
import TagarelaCore

extension ConversationPostgresStore {
    public func recordWebhookOrigin(_ origin: String, at now: Date) async throws {
        try await transaction { connection in
            try await connection.all(
                """
                INSERT INTO webhook_origin (id, origin, seen_at) VALUES (1, \(origin), \(now.unixSeconds))
                ON CONFLICT (id) DO UPDATE SET origin = EXCLUDED.origin, seen_at = EXCLUDED.seen_at
                """, statements)
        }
    }

    public func webhookOrigin() async throws -> String? {
        try await read("SELECT origin FROM webhook_origin WHERE id = 1").first?.decode(String.self)
    }
}
