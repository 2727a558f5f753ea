import Foundation
import PostgresNIO
import TagarelaCore

extension ConversationPostgresStore {
    public func enqueueOutbound(_ draft: OutboundDraft, contactID: Int64, now: Date, unlessSince: Date?) async throws
        -> Int64?
    {
        try await transaction { connection in
            // The contact row is the lock: two instances asked at once add the message once.
            let contact = try await connection.all(
                "SELECT reply_channel, reply_address FROM contacts WHERE id = \(contactID) FOR UPDATE", logger
            ).first?.decode((String, String).self)
            guard let (channel, address) = contact else { return nil }
            if let unlessSince {
                let existing = try await connection.all(
                    """
                    SELECT 1 FROM messages WHERE contact_id = \(contactID) AND direction = 'out'
                      AND kind = \(draft.kind.rawValue) AND created_at >= \(unlessSince.unixSeconds) LIMIT 1
                    """, logger)
                guard existing.isEmpty else { return nil }
            }
            let id = try await connection.all(
                """
                INSERT INTO messages (contact_id, direction, channel, kind, text, created_at, status, reply_address,
                    next_attempt_at)
                VALUES (\(contactID), 'out', \(channel), \(draft.kind.rawValue), \(draft.text), \(now.unixSeconds),
                    'pending', \(address), \(now.unixSeconds))
                RETURNING id
                """, logger
            ).first?.decode(Int64.self)
            try await connection.all(
                "UPDATE contacts SET outbound_count = outbound_count + 1 WHERE id = \(contactID)", logger)
            try await connection.all("SELECT pg_notify(\(Self.outboxChannel), '')", logger)
            return id
        }
    }

    public func message(channel: ChannelKind, providerMessageID: String) async throws -> StoredMessage? {
        try await read(
            """
            SELECT * FROM messages
            WHERE channel = \(channel.rawValue) AND provider_message_id = \(providerMessageID)
            """
        ).first.map(Self.message(from:))
    }
}
