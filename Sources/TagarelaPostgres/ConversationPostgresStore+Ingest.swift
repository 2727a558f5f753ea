import Foundation
import PostgresNIO
import TagarelaCore

/// Thrown when the unique provider-id index turned this delivery away: another instance stored it first.
struct DuplicateDeliveryError: Error {}

extension ConversationPostgresStore {
    public func ingest(_ message: InboundMessage, at now: Date, schedule: TurnSchedule) async throws -> IngestResult {
        if let stored = try await ingestKnownContact(message, at: now, schedule: schedule) {
            return stored
        }
        do {
            return try await transaction { connection in
                if let existing = try await existingID(of: message, on: connection) {
                    return .duplicate(messageID: existing)
                }
                let contactID = try await resolveContact(connection, for: message, now: now)
                // The unique index decides between instances that received the same webhook at once.
                let inserted = try await connection.all(
                    """
                    INSERT INTO messages (contact_id, direction, channel, provider_message_id, kind, text, created_at,
                        status)
                    VALUES (\(contactID), 'in', \(message.channel.rawValue), \(message.providerMessageID),
                        \(message.content.kind), \(message.content.text), \(now.unixSeconds), 'received')
                    ON CONFLICT (channel, provider_message_id) WHERE provider_message_id IS NOT NULL DO NOTHING
                    RETURNING id
                    """, logger)
                guard let messageID = try inserted.first?.decode(Int64.self) else { throw DuplicateDeliveryError() }
                try await scheduleTurn(contactID, for: message, now: now, schedule: schedule, on: connection)
                // Delivered at commit, to the workers of every instance.
                try await connection.all("SELECT pg_notify(\(Self.turnsChannel), '')", logger)
                return .stored(messageID: messageID, contactID: contactID)
            }
        } catch is DuplicateDeliveryError {
            // The rollback undid whatever this attempt created for the contact: only the first delivery counts.
            return try await client.withConnection { connection in
                guard let existing = try await existingID(of: message, on: connection) else {
                    throw StorageError.unavailable("a duplicate delivery vanished before it could be read")
                }
                return .duplicate(messageID: existing)
            }
        }
    }

    private func existingID(of message: InboundMessage, on connection: PostgresConnection) async throws -> Int64? {
        try await connection.all(
            """
            SELECT id FROM messages
            WHERE channel = \(message.channel.rawValue) AND provider_message_id = \(message.providerMessageID)
            """, logger
        ).first?.decode(Int64.self)
    }

    /// Counts the message and schedules the contact's turn.
    private func scheduleTurn(
        _ contactID: Int64, for message: InboundMessage, now: Date, schedule: TurnSchedule,
        on connection: PostgresConnection
    ) async throws {
        let now = now.unixSeconds
        // The turn is due after a quiet `debounce`, but never later than `maxWait` after the burst began.
        try await connection.all(
            """
            UPDATE contacts SET
                last_seen_at = \(now),
                inbound_count = inbound_count + 1,
                profile_name = COALESCE(\(message.profileName), profile_name),
                reply_channel = \(message.channel.rawValue),
                reply_address = \(message.replyAddress),
                turn_due_at = LEAST(\(now) + \(schedule.debounce.timeInterval),
                    COALESCE(pending_since, \(now)) + \(schedule.maxWait.timeInterval)),
                pending_since = COALESCE(pending_since, \(now)),
                pending_last = \(now)
            WHERE id = \(contactID)
            """, logger)
    }
}
