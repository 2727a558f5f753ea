import Foundation
import TagarelaCore

/// A strict stand-in for OpenAI's `POST /v1/chat/completions` and `POST /v1/responses`, served over real HTTP
/// on 127.0.0.1. One script (`enqueue`, `setResponder`) drives both endpoints.
public final class FakeOpenAI: Sendable {
    /// One request as the fake received it, rejected ones included.
    public struct Request: Sendable, Equatable {
        /// One chat message of the request body.
        public struct Message: Sendable, Equatable {
            public var role: String
            public var content: String

            public init(role: String, content: String) {
                self.role = role
                self.content = content
            }
        }

        public var method: String
        public var path: String
        /// Header names lowercased; repeated headers joined with ", ".
        public var headers: [String: String]
        public var rawJSON: String
        public var model: String?
        public var messages: [Message]
        public var maxTokens: Int?
        public var maxCompletionTokens: Int?
        public var temperature: Double?
        /// `/v1/responses` only: `instructions`, every `input` item, `store` and `max_output_tokens` as sent.
        /// Its message items also land in `messages`, so chat responders work unchanged.
        public var instructions: String?
        public var input: [InputItem] = []
        public var store: Bool?
        public var maxOutputTokens: Int?
        /// Tool names offered (`tools`, either endpoint's shape), `tool_choice` when a string, `include`.
        public var toolNames: [String] = []
        public var toolChoice: String?
        public var include: [String] = []
        /// The tools called earlier in the conversation, as the client sent them back, in order.
        public var calledTools: [String] = []
        /// Tool answers sent back, by call id (`tool` messages, or `function_call_output` items).
        public var toolOutputs: [String: String] = [:]
        /// `/v1/responses`: the `conversation` the response belongs to, and how many items it held before.
        public var conversation: String?
        public var conversationItemsBefore = 0
        /// Words in the conversation's items, counted into the input tokens.
        var conversationWords = 0
        /// Why the fake refused the request (401/400/404), nil when it passed validation.
        public var rejection: String?
        /// Every image part of the messages or input items, in order (a Conversations call's items included).
        public var images: [Image] = []

        public var authorization: String? { headers["authorization"] }
        public var lastUserMessage: String? { messages.last { $0.role == "user" }?.content }
    }

    /// How the fake answers a valid request.
    public indirect enum Reply: Sendable {
        /// A `chat.completion` whose message content is this text (may be empty, to test empty answers).
        case text(String)
        /// An OpenAI error JSON with this status; `retryAfter`/`retryAfterMs` set those headers.
        case error(
            status: Int,
            code: String?,
            type: String,
            message: String,
            retryAfter: String? = nil,
            retryAfterMs: String? = nil
        )
        /// A Responses API answer with several output items or a status other than `completed`; the chat
        /// endpoint answers with its text.
        case response(ResponsesAnswer)
        /// Waits (real time) and then answers; only timeout tests should use it.
        case delayed(Duration, Reply)
        /// Never answers until the fake is stopped.
        case hang
    }

    /// Produces the reply to a valid request once the scripted queue is empty.
    public typealias Responder = @Sendable (Request) async -> Reply

    let server: FakeServer
    let state: State
    let apiKey: String?
    let audio: AudioState
    let embeddings: FakeEmbeddingLog

    /// `http://127.0.0.1:PORT/v1`, ready to be a provider's base URL.
    public var baseURL: String { "http://127.0.0.1:\(server.port)/v1" }

    private init(server: FakeServer, state: State, apiKey: String?, audio: AudioState, embeddings: FakeEmbeddingLog) {
        self.server = server
        self.state = state
        self.apiKey = apiKey
        self.audio = audio
        self.embeddings = embeddings
    }

    /// Starts the fake; with a nil `apiKey` it wants no `Authorization` header, like a local server.
    public static func start(apiKey: String? = "sk-test") async throws -> FakeOpenAI {
        let state = State()
        let handler = FakeOpenAIHandler(apiKey: apiKey, state: state)
        let audio = AudioState(responder: defaultAudioResponder)
        let audioHandler = FakeOpenAIAudioHandler(apiKey: apiKey, state: audio)
        let embeddings = FakeEmbeddingLog()
        let embeddingsHandler = FakeOpenAIEmbeddingsHandler(apiKey: apiKey, state: embeddings)
        let server = try await FakeServer.start(name: "FakeOpenAI") { request, gate in
            if let answer = await audioHandler.handle(request) { return answer }
            if let answer = await embeddingsHandler.handle(request) { return answer }
            return await handler.handle(request, gate: gate)
        }
        return FakeOpenAI(server: server, state: state, apiKey: apiKey, audio: audio, embeddings: embeddings)
    }

    public func stop() async { await server.stop() }

    /// Replaces the default echo responder (`"Resposta para: <last user message>"`).
    public func setResponder(_ responder: @escaping Responder) async { await state.script.setResponder(responder) }

    /// One-off replies, used in order before the responder.
    public func enqueue(_ replies: [Reply]) async { await state.script.enqueue(replies) }

    /// Every request received so far, in arrival order.
    public func requests() async -> [Request] { await state.script.requests }

    public func requestCount() async -> Int { await state.script.requests.count }

    /// The items of a conversation (nil when it does not exist, or was deleted).
    public func conversation(_ id: String) async -> [JSONValue]? { await state.conversations[id] }

    /// Deletes a conversation behind the client's back (as someone with the key could).
    public func dropConversation(_ id: String) async { _ = await state.deleteConversation(id) }

    /// The ids of the conversations that exist now.
    public func conversationIDs() async -> Set<String> { Set(await state.conversations.keys) }
}

extension FakeOpenAI {
    /// The fake's mutable state: the chat endpoints' script, and the conversations (`/v1/conversations`).
    actor State {
        /// Recorded requests, scripted replies and the responder.
        let script = ScriptedReplies<Request, Reply> { request in
            .text("Resposta para: \(request.lastUserMessage ?? "")")
        }
        /// Conversations by id, each with its items in order.
        private(set) var conversations: [String: [JSONValue]] = [:]

        func createConversation(_ id: String, items: [JSONValue]) { conversations[id] = items }
        func deleteConversation(_ id: String) -> Bool { conversations.removeValue(forKey: id) != nil }

        /// Appends items; false when there is no such conversation.
        func append(_ items: [JSONValue], to id: String) -> Bool {
            guard conversations[id] != nil else { return false }
            conversations[id]?.append(contentsOf: items)
            return true
        }
    }
}
