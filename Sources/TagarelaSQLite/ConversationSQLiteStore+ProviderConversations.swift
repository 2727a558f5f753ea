import Foundation
import GRDB
import TagarelaCore

/// `ProviderConversationStore`: the ids of providers' own conversations with a contact.
extension ConversationSQLiteStore {
    public func providerConversation(contactID: Int64, provider: String) async throws -> ProviderConversation? {
        try await read { db in
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
        try await write { db in
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
        try await write { db in
            try db.execute(
                sql: "DELETE FROM provider_conversations WHERE contact_id = ? AND provider = ?",
                arguments: [contactID, provider])
        }
    }
}
