import Foundation
import GRDB
import TagarelaCore

extension ConversationSQLiteStore {
    public func enqueueOutbound(_ draft: OutboundDraft, contactID: Int64, now: Date, unlessSince: Date?) async throws
        -> Int64?
    {
        try await batcher.write { db in
            if let unlessSince,
                try Bool.fetchOne(
                    db,
                    sql: """
                        SELECT EXISTS (SELECT 1 FROM messages
                            WHERE contact_id = ? AND direction = 'out' AND kind = ? AND created_at >= ?)
                        """, arguments: [contactID, draft.kind.rawValue, unlessSince.sqlSeconds]) == true
            {
                return nil
            }
            guard
                let contact = try Row.fetchOne(
                    db, sql: "SELECT reply_channel, reply_address FROM contacts WHERE id = ?", arguments: [contactID])
            else { return nil }
            try db.execute(
                sql: """
                    INSERT INTO messages (contact_id, direction, channel, kind, text, created_at, status, reply_address,
                        next_attempt_at)
                    VALUES (?, 'out', ?, ?, ?, ?, 'pending', ?, ?)
                    """,
                arguments: [
                    contactID, contact["reply_channel"] as String, draft.kind.rawValue, draft.text, now.sqlSeconds,
                    contact["reply_address"] as String, now.sqlSeconds,
                ])
            let id = db.lastInsertedRowID
            try db.execute(
                sql: "UPDATE contacts SET outbound_count = outbound_count + 1 WHERE id = ?", arguments: [contactID])
            return id
        }
    }

    public func message(channel: ChannelKind, providerMessageID: String) async throws -> StoredMessage? {
        try await writer.read { db in
            try Row.fetchOne(
                db, sql: "SELECT * FROM messages WHERE channel = ? AND provider_message_id = ?",
                arguments: [channel.rawValue, providerMessageID]
            ).map(Self.message(from:))
        }
    }
}
