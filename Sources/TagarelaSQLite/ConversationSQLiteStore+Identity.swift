import Foundation
import GRDB
import TagarelaCore

extension ConversationSQLiteStore {
    public func changePhone(from oldPhone: String, to newPhone: String, channel: ChannelKind, replyAddress: String)
        async throws -> Bool
    {
        try await batcher.write { db in
            let oldKey = ContactIdentity.phoneKey(oldPhone)
            let newKey = ContactIdentity.phoneKey(newPhone)
            let lookup = "SELECT contact_id FROM contact_identities WHERE key = ?"
            guard let contactID = try Int64.fetchOne(db.cachedStatement(sql: lookup), arguments: [oldKey]) else {
                return false
            }
            // The person may have written from the new number before the notice arrived (webhooks are unordered).
            if let other = try Int64.fetchOne(db.cachedStatement(sql: lookup), arguments: [newKey]), other != contactID
            {
                try Self.merge(db, contact: other, into: contactID)
            }
            // The old number may be given to someone else: it must no longer lead to this memory.
            try db.execute(sql: "DELETE FROM contact_identities WHERE key = ?", arguments: [oldKey])
            try db.execute(
                sql: "INSERT OR IGNORE INTO contact_identities (key, contact_id) VALUES (?, ?)",
                arguments: [newKey, contactID])
            try db.execute(
                sql: """
                    UPDATE contacts SET phone = ?,
                        reply_address = CASE WHEN reply_channel = ? THEN ? ELSE reply_address END
                    WHERE id = ?
                    """,
                arguments: [newPhone, channel.rawValue, replyAddress, contactID])
            return true
        }
    }
}
