import Foundation
import TagarelaCore
import TagarelaFakes
import Testing

@testable import TagarelaProviders

/// Conversation ids in memory, as a store keeps them.
actor MemoryConversationStore: ProviderConversationStore {
    private(set) var saved: [Int64: ProviderConversation] = [:]

    func providerConversation(contactID: Int64, provider: String) -> ProviderConversation? { saved[contactID] }
    func saveProviderConversation(_ conversation: ProviderConversation) { saved[conversation.contactID] = conversation }
    func deleteProviderConversation(contactID: Int64, provider: String) { saved[contactID] = nil }
}

@Suite("OpenAIConversationsProvider against FakeOpenAI's Conversations API", .timeLimit(.minutes(3)))
struct OpenAIConversationsProviderTests {
    let base = OpenAIResponsesProviderTests()

    func provider(_ fake: FakeOpenAI, store: MemoryConversationStore, maxTokens: Int = 100_000)
        -> OpenAIConversationsProvider
    {
        OpenAIConversationsProvider(
            responses: base.provider(fake.baseURL), store: store, maxConversationTokens: maxTokens)
    }

    /// A turn of contact 7: earlier messages, then the new one.
    func turn(_ earlier: [(ChatMessage.Role, String)], _ new: String, steps: [ToolStep] = []) -> LLMRequest {
        LLMRequest(
            systemPrompt: "Você é a Tagarela.",
            messages: earlier.map { ChatMessage(role: $0.0, content: $0.1) } + [ChatMessage(role: .user, content: new)],
            tools: steps.isEmpty ? [] : ToolFixtures.tools, steps: steps, contactID: 7)
    }

    @Test("the first turn seeds a conversation with the history; later turns send only what is new")
    func seedsThenSendsOnlyWhatIsNew() async throws {
        try await base.withFake { fake in
            let store = MemoryConversationStore()
            let provider = provider(fake, store: store)
            let first = try await provider.reply(to: turn([(.user, "Oi"), (.assistant, "Olá!")], "Me chamo Ana"))
            #expect(first.text == "Resposta para: Me chamo Ana")
            let saved = try #require(await store.saved[7])
            #expect(saved.inputTokens == first.usage.inputTokens && saved.inputTokens > 0)
            #expect(await fake.conversation(saved.id)?.count == 4)  // 2 seeded, the new message, the answer

            _ = try await provider.reply(
                to: turn(
                    [(.user, "Oi"), (.assistant, "Olá!"), (.user, "Me chamo Ana"), (.assistant, "Oi, Ana")], "E aí?"))
            let requests = await fake.requests()
            let creates = requests.filter { $0.path == "/v1/conversations" }
            #expect(creates.count == 1)
            let responses = requests.filter { $0.endpoint == .responses }
            #expect(responses.allSatisfy { $0.conversation == saved.id && $0.store == nil && $0.rejection == nil })
            #expect(responses.map { $0.input.map(\.text) } == [["Me chamo Ana"], ["E aí?"]])
            #expect(responses[1].conversationItemsBefore == 4)
            #expect(responses.allSatisfy { $0.instructions == "Você é a Tagarela." })
        }
    }

    @Test("a tool round sends only the results: the calls are already in the conversation")
    func toolRound() async throws {
        try await base.withFake { fake in
            await fake.enqueue([
                .response(
                    .init(output: [.reasoning(summary: "hora"), .functionCall(name: "current_time", arguments: "{}")]))
            ])
            let provider = provider(fake, store: MemoryConversationStore())
            var request = turn([], "Que horas são?")
            request.tools = ToolFixtures.tools
            let first = try await provider.reply(to: request)
            #expect(first.toolCalls.map(\.name) == ["current_time"])
            let second = try await provider.reply(to: ToolFixtures.answering(first, after: request))
            #expect(second.text == "Resposta para: Que horas são?")
            let last = try #require(await fake.requests().last)
            #expect(last.rejection == nil && last.input.map(\.type) == ["function_call_output"])
            #expect(last.include.isEmpty)
        }
    }

    @Test("a conversation grown past the limit is replaced by one seeded with a summary, and deleted")
    func replacedBySummary() async throws {
        try await base.withFake { fake in
            let store = MemoryConversationStore()
            let provider = provider(fake, store: store, maxTokens: 5)
            _ = try await provider.reply(to: turn([(.user, "Oi"), (.assistant, "Olá!")], "Me chamo Ana"))
            let old = try #require(await store.saved[7])
            await fake.enqueue([.text("Ana se apresentou.")])
            _ = try await provider.reply(
                to: turn(
                    [(.user, "Oi"), (.assistant, "Olá!"), (.user, "Me chamo Ana"), (.assistant, "Oi, Ana")], "E aí?"))
            let fresh = try #require(await store.saved[7])
            #expect(fresh.id != old.id)
            #expect(await fake.conversationIDs() == [fresh.id])
            let items = try #require(await fake.conversation(fresh.id))
            #expect(items.first?["role"] == "developer")
            #expect(
                items.first?["content"]?.stringValue == OpenAIConversationsProvider.summaryPrefix + "Ana se apresentou."
            )
            let summary = try #require(
                await fake.requests().first { $0.instructions?.hasPrefix("You summarise") == true })
            #expect(summary.store == false && summary.conversation == nil)
        }
    }

    @Test("a conversation OpenAI no longer has is made again from the history, and the turn answered")
    func lostConversation() async throws {
        try await base.withFake { fake in
            let store = MemoryConversationStore()
            let provider = provider(fake, store: store)
            _ = try await provider.reply(to: turn([], "Oi"))
            let old = try #require(await store.saved[7])
            await fake.dropConversation(old.id)
            let reply = try await provider.reply(to: turn([(.user, "Oi"), (.assistant, "Olá!")], "Ainda aí?"))
            #expect(reply.text == "Resposta para: Ainda aí?")
            let fresh = try #require(await store.saved[7])
            #expect(fresh.id != old.id)
            #expect(await fake.conversation(fresh.id)?.count == 4)
        }
    }

    @Test("a long history is seeded 20 items per call; forgetting the contact deletes the conversation")
    func longSeedAndForget() async throws {
        try await base.withFake { fake in
            let store = MemoryConversationStore()
            let provider = provider(fake, store: store)
            let earlier = (0..<45).map { (($0 % 2 == 0) ? ChatMessage.Role.user : .assistant, "mensagem \($0)") }
            _ = try await provider.reply(to: turn(earlier, "Oi de novo"))
            let id = try #require(await store.saved[7]?.id)
            #expect(await fake.conversation(id)?.count == 47)
            #expect(await fake.requests().filter { $0.path.hasSuffix("/items") }.count == 2)
            try await provider.forgetContact(7)
            #expect(await fake.conversation(id) == nil)
            #expect(await store.saved[7] == nil)
            try await provider.forgetContact(7)  // nothing left: nothing to do
        }
    }

    @Test("a request outside a contact's turn uses the own-history mode")
    func noContact() async throws {
        try await base.withFake { fake in
            _ = try await provider(fake, store: MemoryConversationStore())
                .reply(to: LLMRequest(systemPrompt: "s", messages: [ChatMessage(role: .user, content: "oi")]))
            #expect(await fake.requests().map(\.store) == [false])
        }
    }
}

@Suite("OpenAIConversationsProvider: a turn that ended at a tool", .timeLimit(.minutes(3)))
struct OpenAIConversationsPendingCallTests {
    let suite = OpenAIConversationsProviderTests()

    /// A stored text message of contact 7.
    static func stored(_ id: Int64, _ direction: MessageDirection, _ text: String) -> StoredMessage {
        StoredMessage(
            id: id, contactID: 7, direction: direction, channel: .twilio, providerMessageID: nil, kind: "text",
            text: text, createdAt: Date(timeIntervalSince1970: 0), status: .received, errorCode: nil, turnID: nil)
    }

    @Test("after a turn ended at a tool, the next one closes its calls and sends only the unseen messages")
    func closesDanglingCalls() async throws {
        try await suite.base.withFake { fake in
            await fake.enqueue([.response(.calling([("handoff_to_human", #"{"reason":"pediu"}"#)]))])
            let store = MemoryConversationStore()
            let provider = suite.provider(fake, store: store)
            let first = [Self.stored(1, .outbound, "Olá!"), Self.stored(2, .inbound, "Quero um atendente")]
            var request = suite.turn([(.assistant, "Olá!")], "Quero um atendente")
            request.tools = ToolFixtures.tools
            request.source = first
            let handoff = try await provider.reply(to: request)
            let saved = try #require(await store.saved[7])
            #expect(saved.pendingCalls == handoff.toolCalls.map(\.id) && saved.seenThrough == 2)
            #expect(await fake.conversation(saved.id)?.first?["content"] == "Olá!")

            // The turn ended with the handoff notice (not memory); the contact writes again later.
            var next = suite.turn([(.assistant, "Olá!")], "Quero um atendente\nAinda estou aqui")
            next.source = first + [Self.stored(3, .inbound, "Ainda estou aqui")]
            let reply = try await provider.reply(to: next)
            #expect(reply.text.hasSuffix("Ainda estou aqui"))
            let last = try #require(await fake.requests().last)
            #expect(last.rejection == nil)
            #expect(last.input.map(\.type) == ["function_call_output", "message"])
            #expect(last.input.last?.text == "Ainda estou aqui")
            #expect(await store.saved[7]?.pendingCalls == [])
            #expect(await store.saved[7]?.seenThrough == 3)
        }
    }

    @Test("the fake refuses to go on with a call left unanswered")
    func fakeRefusesDanglingCalls() async throws {
        try await suite.base.withFake { fake in
            await fake.enqueue([.response(.calling([("current_time", "{}")]))])
            let store = MemoryConversationStore()
            _ = try await suite.provider(fake, store: store).reply(to: suite.turn([], "Que horas são?"))
            let id = try #require(await store.saved[7]?.id)
            let body = #"{"model":"m","conversation":"\#(id)","input":"oi"}"#
            let (status, _) = try await fake.rawPost(body: body)
            #expect(status == 400)
            #expect(await fake.requests().last?.rejection?.contains("No tool output found") == true)
        }
    }
}
