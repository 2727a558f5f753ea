import Foundation

/// A conversation a provider keeps on its side for one contact (OpenAI's Conversations API), known by its id.
public struct ProviderConversation: Sendable, Equatable {
    public var contactID: Int64
    public var provider: String
    public var id: String
    public var createdAt: Date
    /// The input tokens of its latest response: how long the conversation has grown.
    public var inputTokens: Int

    public init(contactID: Int64, provider: String, id: String, createdAt: Date, inputTokens: Int = 0) {
        self.contactID = contactID
        self.provider = provider
        self.id = id
        self.createdAt = createdAt
        self.inputTokens = inputTokens
    }
}

/// Where the ids of providers' own conversations are kept: one per contact and provider.
public protocol ProviderConversationStore: Sendable {
    func providerConversation(contactID: Int64, provider: String) async throws -> ProviderConversation?
    /// Adds or replaces the contact's conversation at that provider.
    func saveProviderConversation(_ conversation: ProviderConversation) async throws
    func deleteProviderConversation(contactID: Int64, provider: String) async throws
}

/// A provider that keeps something of a contact on its side (a server-side conversation): clearing or deleting
/// the contact must delete it there too.
public protocol ContactStateHolder: Sendable {
    func forgetContact(_ contactID: Int64) async throws
}
