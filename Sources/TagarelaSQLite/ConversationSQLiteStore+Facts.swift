import Foundation
import GRDB
import TagarelaCore

extension ConversationSQLiteStore {
    public func facts(contactID: Int64) async throws -> [ContactFact] {
        try await writer.read { db in
            try Row.fetchAll(
                db.cachedStatement(sql: "SELECT id, text, created_at FROM facts WHERE contact_id = ? ORDER BY id"),
                arguments: [contactID]
            ).map { ContactFact(id: $0["id"], text: $0["text"], createdAt: Date(sqlSeconds: $0["created_at"])) }
        }
    }

    public func setHandoff(contactID: Int64, reason: String?, at: Date) async throws -> Bool {
        try await batcher.write { db in
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
    public func clearMemory(contactID: Int64) async throws -> Bool {
        try await batcher.write { db in
            try db.execute(
                sql: """
                    UPDATE contacts SET memory_from = COALESCE((SELECT MAX(id) FROM messages WHERE contact_id = ?), 0)
                    WHERE id = ?
                    """, arguments: [contactID, contactID])
            guard db.changesCount == 1 else { return false }
            try db.execute(sql: "DELETE FROM facts WHERE contact_id = ?", arguments: [contactID])
            return true
        }
    }

    public func deleteContact(contactID: Int64) async throws -> Bool {
        try await batcher.write { db in
            // Identities, messages, turns, facts and provider conversations go with it (ON DELETE CASCADE).
            try db.execute(sql: "DELETE FROM contacts WHERE id = ?", arguments: [contactID])
            return db.changesCount == 1
        }
    }

    public func providerConversation(contactID: Int64, provider: String) async throws -> ProviderConversation? {
        try await writer.read { db in
            try Row.fetchOne(
                db, sql: "SELECT * FROM provider_conversations WHERE contact_id = ? AND provider = ?",
                arguments: [contactID, provider]
            ).map {
                ProviderConversation(
                    contactID: $0["contact_id"], provider: $0["provider"], id: $0["conversation_id"],
                    createdAt: Date(sqlSeconds: $0["created_at"]), inputTokens: $0["input_tokens"],
                    pendingCalls: ProviderConversation.calls(fromJSON: $0["pending_calls"]),
                    seenThrough: $0["seen_through"])
            }
        }
    }

    public func saveProviderConversation(_ conversation: ProviderConversation) async throws {
        try await batcher.write { db in
            try db.execute(
                sql: """
                    INSERT INTO provider_conversations (contact_id, provider, conversation_id, created_at, input_tokens,
                        pending_calls, seen_through)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (contact_id, provider) DO UPDATE SET conversation_id = excluded.conversation_id,
                        created_at = excluded.created_at, input_tokens = excluded.input_tokens,
                        pending_calls = excluded.pending_calls, seen_through = excluded.seen_through
                    """,
                arguments: [
                    conversation.contactID, conversation.provider, conversation.id,
                    conversation.createdAt.sqlSeconds, conversation.inputTokens, conversation.pendingCallsJSON,
                    conversation.seenThrough,
                ])
        }
    }

    public func deleteProviderConversation(contactID: Int64, provider: String) async throws {
        try await batcher.write { db in
            try db.execute(
                sql: "DELETE FROM provider_conversations WHERE contact_id = ? AND provider = ?",
                arguments: [contactID, provider])
        }
    }
}

extension ConversationSQLiteStore {
    public func recordTranscript(messageID: Int64, media: MediaAttachment) async throws {
        try await batcher.write { db in
            try db.execute(
                sql: "UPDATE messages SET media = ?, text = ? WHERE id = ? AND direction = 'in'",
                arguments: [media.storedJSON, media.transcript, messageID])
        }
    }
}
