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
                _ = try await resolveContact(connection, for: message, now: now)
                // Every identity names the contact now. The unique index decides between instances that
                // received the same webhook at once: no row means another stored it first.
                let rows = try await connection.all(
                    Self.storeForKnownContact(message, at: now, schedule: schedule), logger)
                guard let stored = try Self.stored(from: rows) else { throw DuplicateDeliveryError() }
                return stored
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
}
