import Foundation
import Logging
import TagarelaCore

/// OpenAI's Responses API with the conversation kept at OpenAI (the Conversations API, the documented
/// replacement for Assistants threads): one conversation per contact, each turn sending only what is new.
///
/// A contact's first turn here creates the conversation seeded with the history Tagarela already has. A
/// conversation whose last response read more than `maxConversationTokens` (or that no longer fits the model)
/// is replaced by a new one seeded with a summary, and deleted. Our own history stays the record: it seeds, it
/// summarises, and a request made outside a contact's turn is answered from it (`store: false`).
public struct OpenAIConversationsProvider: LLMProvider, ContactStateHolder {
    public var name: String { responses.name }

    let responses: OpenAIResponsesProvider
    let store: any ProviderConversationStore
    let maxConversationTokens: Int

    public init(
        responses: OpenAIResponsesProvider, store: any ProviderConversationStore, maxConversationTokens: Int
    ) {
        self.responses = responses
        self.store = store
        self.maxConversationTokens = maxConversationTokens
    }

    var logger: Logger { responses.connection.logger }

    public func reply(to request: LLMRequest) async throws -> LLMReply {
        guard let contactID = request.contactID else { return try await responses.reply(to: request) }
        var conversation = try await current(contactID, request)
        if conversation.inputTokens > maxConversationTokens {
            conversation = try await replace(conversation, request, because: .tooLong)
        }
        do {
            return try await respond(in: conversation, request)
        } catch let error as LLMError where error.isContextTooLong || error.isConversationMissing {
            conversation = try await replace(conversation, request, because: error.isContextTooLong ? .tooLong : .lost)
            return try await respond(in: conversation, request, fresh: true)
        }
    }

    /// Why a conversation is replaced.
    enum Replacement: String {
        /// It grew past the limit, or no longer fits the model: a summary seeds the new one.
        case tooLong = "the conversation grew too long"
        /// OpenAI no longer has it: the history seeds the new one.
        case lost = "OpenAI no longer has the conversation"
    }

    /// Deletes the contact's conversation at OpenAI, then our note of it (a contact cleared or deleted).
    public func forgetContact(_ contactID: Int64) async throws {
        guard let conversation = try await store.providerConversation(contactID: contactID, provider: name) else {
            return
        }
        try await deleteConversation(conversation.id)
        try await store.deleteProviderConversation(contactID: contactID, provider: name)
    }

    /// The contact's conversation, created (seeded with the history before this turn) when there is none.
    private func current(_ contactID: Int64, _ request: LLMRequest) async throws -> ProviderConversation {
        if let known = try await store.providerConversation(contactID: contactID, provider: name) { return known }
        return try await start(contactID, seed: Self.items(Self.earlierMessages(request)), request)
    }

    /// A new conversation holding `seed`: the history through the assistant's last word.
    private func start(_ contactID: Int64, seed: [JSONValue], _ request: LLMRequest) async throws
        -> ProviderConversation
    {
        let id = try await createConversation(contactID: contactID, items: seed)
        let conversation = ProviderConversation(
            contactID: contactID, provider: name, id: id, createdAt: responses.connection.timeSource.now(),
            seenThrough: request.source.last { $0.direction == .outbound }?.id ?? 0)
        try await store.saveProviderConversation(conversation)
        return conversation
    }

    /// A new conversation seeded with a summary of the history before this turn (or, when OpenAI lost the old
    /// one, with that history itself); the old one is deleted.
    private func replace(
        _ old: ProviderConversation, _ request: LLMRequest, because reason: Replacement
    ) async throws -> ProviderConversation {
        let earlier = Self.earlierMessages(request)
        var seed = Self.items(earlier)
        if !earlier.isEmpty, reason == .tooLong {
            let summary = try await responses.reply(
                to: LLMRequest(systemPrompt: Self.summaryInstructions, messages: earlier + [Self.summaryRequest]))
            seed = [["role": "developer", "content": .string(Self.summaryPrefix + summary.text)]]
        }
        logger.notice(
            "replacing the contact's OpenAI conversation",
            metadata: ["contact": "\(old.contactID)", "why": "\(reason.rawValue)"])
        let fresh = try await start(old.contactID, seed: seed, request)
        do {
            try await deleteConversation(old.id)
        } catch {
            logger.warning("could not delete the old OpenAI conversation", metadata: ["error": "\(error)"])
        }
        return fresh
    }

    /// One response in the conversation, with only what it has not seen (a `fresh` one has seen nothing of this
    /// turn); its size is noted for the next turn.
    private func respond(
        in conversation: ProviderConversation, _ request: LLMRequest, fresh: Bool = false
    ) async throws -> LLMReply {
        var input = roundInput(request, conversation: conversation, fresh: fresh)
        if request.steps.isEmpty, !fresh {
            // The last turn ended at a tool (a handoff) or failed mid-round: its calls get their close first.
            input =
                conversation.pendingCalls.map {
                    ["type": "function_call_output", "call_id": .string($0), "output": .string(Self.unreadOutput)]
                } + input
        }
        let body = try responses.makeBody(for: request, input: input, conversation: conversation.id)
        let reply = try await responses.connection.attempts(name) { try await responses.attemptReply(body: body) }
        var grown = conversation
        grown.inputTokens = reply.usage.inputTokens
        grown.pendingCalls = reply.toolCalls.map(\.id)
        grown.seenThrough = max(conversation.seenThrough, request.source.map(\.id).max() ?? 0)
        try await store.saveProviderConversation(grown)
        return reply
    }

    /// What this request adds to the conversation: the contact's messages it has not seen (a turn that failed
    /// or was handed to a person left some) with what a person wrote them meanwhile, or the answers to the last
    /// round's calls (the calls themselves are already there, unless another provider made them).
    func roundInput(_ request: LLMRequest, conversation: ProviderConversation, fresh: Bool = false) -> [JSONValue] {
        let unseen = request.source.filter {
            $0.id > conversation.seenThrough
                && ($0.direction == .inbound || $0.kind == .operatorMessage)
        }
        let newMessages =
            unseen.isEmpty
            ? Self.items(Self.newMessages(request))
            // Unlike the memory window, a leading message from our side stays (a person wrote before the reply).
            : Self.items(Self.unseenMessages(unseen, request))
        if fresh {
            // A conversation made in the middle of a turn: the turn's messages, then its rounds rebuilt.
            return newMessages
                + request.steps.flatMap {
                    responses.stepItems(ToolStep(text: $0.text, calls: $0.calls, results: $0.results))
                }
        }
        guard let step = request.steps.last else { return newMessages }
        let ours = step.replay?.provider == name
        return responses.stepItems(ours ? ToolStep(calls: [], results: step.results, replay: nil) : step)
    }

    /// The contact's messages after the assistant's last word: what this turn answers.
    static func newMessages(_ request: LLMRequest) -> [ChatMessage] {
        Array(request.messages.reversed().prefix { $0.role == .user }.reversed())
    }

    /// The conversation before this turn's new messages.
    static func earlierMessages(_ request: LLMRequest) -> [ChatMessage] {
        Array(request.messages.dropLast(newMessages(request).count))
    }

    static func items(_ messages: [ChatMessage]) -> [JSONValue] {
        messages.map(OpenAIResponsesProvider.inputItem(for:))
    }

    /// The contact's unseen messages as the model reads them. Messages made from stored rows carry no image
    /// bytes, so this turn's images (on its newest user messages) ride on the last of the contact's messages.
    static func unseenMessages(_ unseen: [StoredMessage], _ request: LLMRequest) -> [ChatMessage] {
        var messages = MemoryWindow.merged(unseen)
        let images = newMessages(request).flatMap(\.images)
        guard !images.isEmpty, messages.allSatisfy({ $0.images.isEmpty }) else { return messages }
        if let last = messages.lastIndex(where: { $0.role == .user }) {
            messages[last].images += images
        } else {
            messages.append(ChatMessage(role: .user, content: "", images: images))
        }
        return messages
    }

    static let summaryInstructions = """
        You summarise a WhatsApp conversation between a contact and an assistant, for the assistant to continue \
        it. Keep names, preferences, open questions, promises and facts the contact gave; drop small talk. Write \
        in the conversation's language, at most 200 words.
        """
    static let summaryRequest = ChatMessage(role: .user, content: "Summarise the conversation so far.")
    static let summaryPrefix = "Summary of the conversation so far: "
    /// The output given to a call whose turn ended before its answer went back to the model.
    static let unreadOutput = #"{"note":"the turn ended before this answer was read"}"#
}
