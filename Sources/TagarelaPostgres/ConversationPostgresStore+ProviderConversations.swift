import Foundation
import PostgresNIO
import TagarelaCore

/// `ProviderConversationStore`: the ids of providers' own conversations with a contact.
extension ConversationPostgresStore {
    public func providerConversation(contactID: Int64, provider: String) async throws -> ProviderConversation? {
        try await read(
            """
            SELECT conversation_id, created_at, input_tokens, pending_calls, seen_through FROM provider_conversations
            WHERE contact_id = \(contactID) AND provider = \(provider)
            """
        ).first.map {
            let (id, createdAt, inputTokens, pending, seen) = try $0.decode((String, Double, Int, String, Int64).self)
            return ProviderConversation(
                contactID: contactID, provider: provider, id: id, createdAt: Date(unixSeconds: createdAt),
                inputTokens: inputTokens, pendingCalls: ProviderConversation.calls(fromJSON: pending),
                seenThrough: seen)
        }
    }

    public func saveProviderConversation(_ conversation: ProviderConversation) async throws {
        try await read(
            """
            INSERT INTO provider_conversations (contact_id, provider, conversation_id, created_at, input_tokens,
                pending_calls, seen_through)
            VALUES (\(conversation.contactID), \(conversation.provider), \(conversation.id),
                \(conversation.createdAt.unixSeconds), \(conversation.inputTokens), \(conversation.pendingCallsJSON),
                \(conversation.seenThrough))
            ON CONFLICT (contact_id, provider) DO UPDATE SET conversation_id = excluded.conversation_id,
                created_at = excluded.created_at, input_tokens = excluded.input_tokens,
                pending_calls = excluded.pending_calls, seen_through = excluded.seen_through
            """)
    }

    public func deleteProviderConversation(contactID: Int64, provider: String) async throws {
        try await read(
            "DELETE FROM provider_conversations WHERE contact_id = \(contactID) AND provider = \(provider)")
    }
}
