import Foundation

extension InMemoryConversationStore {
    public func providerConversation(contactID: Int64, provider: String) async throws -> ProviderConversation? {
        providerConversations[ProviderConversationKey(contactID: contactID, provider: provider)]
    }

    /// Adds or replaces the contact's conversation at that provider; kept only while the contact exists, as a
    /// foreign key keeps it in SQL.
    public func saveProviderConversation(_ conversation: ProviderConversation) async throws {
        guard contacts[conversation.contactID] != nil else { return }
        var stored = conversation
        stored.createdAt = conversation.createdAt.asStored
        providerConversations[
            ProviderConversationKey(contactID: conversation.contactID, provider: conversation.provider)] =
            stored
    }

    public func deleteProviderConversation(contactID: Int64, provider: String) async throws {
        providerConversations[ProviderConversationKey(contactID: contactID, provider: provider)] = nil
    }
}
