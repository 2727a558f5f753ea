import Foundation
import GRDB
import TagarelaCore

/// `ContactStore`: one contact's record, messages and facts, the handoff and the tools' effects, memory clearing and erasure.
extension ConversationSQLiteStore {
    public func facts(contactID: Int64) async throws -> [ContactFact] {
        try await read { db in
            try Row.fetchAll(
                db.cachedStatement(sql: "SELECT id, text, created_at FROM facts WHERE contact_id = ? ORDER BY id"),
                arguments: [contactID]
            ).map { ContactFact(id: $0["id"], text: $0["text"], createdAt: Date(sqlSeconds: $0["created_at"])) }
        }
    }

    public func setHandoff(contactID: Int64, reason: String?, at: Date) async throws -> Bool {
        try await write { db in
            try Self.setHandoff(db, contactID: contactID, reason: reason, at: at)
            return db.changesCount == 1
        }
    }

    /// Writes a turn's tool effects inside its completing transaction.
    static func apply(_ effects: [ToolEffect], _ db: Database, contactID: Int64, now: Date) throws {
        for effect in effects {
            switch effect {
            case .rememberFact(let text):
                // A turn run again after a lost lease remembers the same fact once.
                try db.execute(
                    sql: "INSERT OR IGNORE INTO facts (contact_id, text, created_at) VALUES (?, ?, ?)",
                    arguments: [contactID, text, now.sqlSeconds])
            case .unrememberFact(let text):
                try db.execute(
                    sql: "DELETE FROM facts WHERE contact_id = ? AND text = ?", arguments: [contactID, text])
            case .forgetFact(let id):
                try db.execute(sql: "DELETE FROM facts WHERE contact_id = ? AND id = ?", arguments: [contactID, id])
            case .handoff(let reason):
                try setHandoff(db, contactID: contactID, reason: reason, at: now)
            case .replyMode(let mode):
                try db.execute(
                    sql: "UPDATE contacts SET reply_mode = ? WHERE id = ?", arguments: [mode?.rawValue, contactID])
            }
        }
    }

    private static func setHandoff(_ db: Database, contactID: Int64, reason: String?, at: Date) throws {
        try db.execute(
            sql: "UPDATE contacts SET handoff_at = ?, handoff_reason = ? WHERE id = ?",
            arguments: [reason == nil ? nil : at.sqlSeconds, reason, contactID])
    }
}

extension ConversationSQLiteStore {
    public func contact(id: Int64) async throws -> Contact? {
        try await read { db in try Self.fetchContact(db, id: id) }
    }

    public func messages(contactID: Int64) async throws -> [StoredMessage] {
        try await read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM messages WHERE contact_id = ? ORDER BY id", arguments: [contactID]
            ).map(Self.message(from:))
        }
    }

    public func messages(contactID: Int64, window: MessageWindow) async throws -> [StoredMessage] {
        try await read { db in
            switch window {
            case .newest(let limit, let before):
                try Row.fetchAll(
                    db,
                    sql: """
                        SELECT * FROM (SELECT * FROM messages WHERE contact_id = ? AND id < ? ORDER BY id DESC LIMIT ?)
                        ORDER BY id
                        """, arguments: [contactID, before ?? .max, limit]
                ).map(Self.message(from:))
            case .after(let after, let limit):
                try Row.fetchAll(
                    db, sql: "SELECT * FROM messages WHERE contact_id = ? AND id > ? ORDER BY id LIMIT ?",
                    arguments: [contactID, after, limit]
                ).map(Self.message(from:))
            }
        }
    }

    public func clearMemory(contactID: Int64) async throws -> Bool {
        try await write { db in
            try db.execute(
                sql: """
                    UPDATE contacts SET memory_from = COALESCE((SELECT MAX(id) FROM messages WHERE contact_id = ?), 0)
                    WHERE id = ?
                    """, arguments: [contactID, contactID])
            guard db.changesCount == 1 else { return false }
            try db.execute(sql: "DELETE FROM facts WHERE contact_id = ?", arguments: [contactID])
            try Self.forgetSummary(db, contactID: contactID)
            return true
        }
    }

    public func deleteContact(contactID: Int64) async throws -> Bool {
        try await write { db in
            // Identities, messages, turns, facts, the summary and provider conversations go with it (ON DELETE CASCADE).
            try db.execute(sql: "DELETE FROM contacts WHERE id = ?", arguments: [contactID])
            return db.changesCount == 1
        }
    }
}
