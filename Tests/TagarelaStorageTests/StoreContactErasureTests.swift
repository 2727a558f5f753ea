import Foundation
import TagarelaCore
import Testing

@Suite("Storage: clearing a contact's memory, deleting a contact, providers' conversations", .timeLimit(.minutes(3)))
struct StoreContactErasureTests {
    let effects = StoreToolEffectsTests()

    @Test(arguments: StoreKind.allCases)
    func clearedMemoryKeepsTheRecordButNotTheMemory(kind: StoreKind) async throws {
        let store = try kind.make()
        let id = try await effects.turn(store, [.rememberFact("Chama-se Ana.")])
        #expect(try await store.clearMemory(contactID: id))
        #expect(try await store.facts(contactID: id).isEmpty)
        #expect(try await store.history(contactID: id, upTo: .max, limit: 50).isEmpty)
        #expect(try await store.messages(contactID: id).count == 2)
        try await effects.turn(store, [], at: 1)
        #expect(try await store.history(contactID: id, upTo: .max, limit: 50).compactMap(\.text) == ["oi", "ok"])
        #expect(!(try await store.clearMemory(contactID: 9999)))
    }

    @Test(arguments: StoreKind.allCases)
    func aDeletedContactLeavesNothing(kind: StoreKind) async throws {
        let store = try kind.make()
        let id = try await effects.turn(store, [.rememberFact("Chama-se Ana.")])
        try await store.saveProviderConversation(
            ProviderConversation(contactID: id, provider: "openai", id: "conv_1", createdAt: Fixture.start))
        let other = try await effects.turn(store, [], phone: "+5511999990002", at: 1)
        #expect(try await store.deleteContact(contactID: id))
        #expect(try await store.contact(id: id) == nil)
        #expect(try await store.messages(contactID: id).isEmpty)
        #expect(try await store.facts(contactID: id).isEmpty)
        #expect(try await store.providerConversation(contactID: id, provider: "openai") == nil)
        #expect(try await store.stats().contacts == 1)
        #expect(try await store.messages(contactID: other).count == 2)
        #expect(!(try await store.deleteContact(contactID: id)))
        // The same number writing again is a new contact with no past.
        let again = try await effects.turn(store, [], at: 2)
        #expect(again != id)
        #expect(try await store.history(contactID: again, upTo: .max, limit: 50).count == 2)
    }

    @Test(arguments: StoreKind.allCases)
    func aProviderConversationIsSavedReplacedAndDeleted(kind: StoreKind) async throws {
        let store = try kind.make()
        let id = try await effects.turn(store, [])
        #expect(try await store.providerConversation(contactID: id, provider: "openai") == nil)
        var conversation = ProviderConversation(
            contactID: id, provider: "openai", id: "conv_1", createdAt: Fixture.start, inputTokens: 10)
        try await store.saveProviderConversation(conversation)
        #expect(try await store.providerConversation(contactID: id, provider: "openai") == conversation)
        conversation.id = "conv_2"
        conversation.inputTokens = 99
        try await store.saveProviderConversation(conversation)
        #expect(try await store.providerConversation(contactID: id, provider: "openai") == conversation)
        #expect(try await store.providerConversation(contactID: id, provider: "other") == nil)
        try await store.deleteProviderConversation(contactID: id, provider: "openai")
        #expect(try await store.providerConversation(contactID: id, provider: "openai") == nil)
    }
}
