import Foundation

/// A conversation a provider keeps on its side for one contact (OpenAI's Conversations API), known by its id.
public struct ProviderConversation: Sendable, Equatable {
    public var contactID: Int64
    public var provider: String
    public var id: String
    public var createdAt: Date
    /// The input tokens of its latest response: how long the conversation has grown.
    public var inputTokens: Int
    /// Calls of its latest response that no request has answered yet (the turn ended at a tool): the provider
    /// refuses to go on until each has an output.
    public var pendingCalls: [String]
    /// The newest stored message the conversation holds: later inbound messages are new to it.
    public var seenThrough: Int64

    public init(
        contactID: Int64, provider: String, id: String, createdAt: Date, inputTokens: Int = 0,
        pendingCalls: [String] = [], seenThrough: Int64 = 0
    ) {
        self.pendingCalls = pendingCalls
        self.seenThrough = seenThrough
        self.contactID = contactID
        self.provider = provider
        self.id = id
        self.createdAt = createdAt
        self.inputTokens = inputTokens
    }
}

extension ProviderConversation {
    /// `pendingCalls` as the stores keep it: a JSON array of call ids.
    public var pendingCallsJSON: String {
        (try? JSONEncoder().encode(pendingCalls)).map { String(decoding: $0, as: UTF8.self) } ?? "[]"
    }

    public static func calls(fromJSON text: String?) -> [String] {
        guard let text, let calls = try? JSONDecoder().decode([String].self, from: Data(text.utf8)) else { return [] }
        return calls
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
