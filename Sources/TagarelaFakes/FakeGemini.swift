import Foundation
import TagarelaCore

/// A strict stand-in for Gemini's `POST /v1beta/models/{model}:generateContent`, served over real HTTP on 127.0.0.1.
public final class FakeGemini: Sendable {
    /// One request as the fake received it, rejected ones included.
    public struct Request: Sendable, Equatable {
        /// One entry of `contents`: its role, the text of each text part, and its function parts, in order.
        public struct Content: Sendable, Equatable {
            public var role: String
            public var parts: [String]
            public var functionCalls: [FunctionCall]
            public var functionResponses: [FunctionResponse]
            public var inlineData: [InlineData]

            public init(
                role: String, parts: [String], functionCalls: [FunctionCall] = [],
                functionResponses: [FunctionResponse] = [], inlineData: [InlineData] = []
            ) {
                self.inlineData = inlineData
                self.role = role
                self.parts = parts
                self.functionCalls = functionCalls
                self.functionResponses = functionResponses
            }

            /// The parts' texts joined by newlines.
            public var text: String { parts.joined(separator: "\n") }
        }

        public var method: String
        public var path: String
        /// The raw query string, nil when the URL had none.
        public var query: String?
        /// Header names lowercased; repeated headers joined with ", ".
        public var headers: [String: String]
        public var rawJSON: String
        /// The model named by the path (`gemini-2.5-flash` for `/v1beta/models/gemini-2.5-flash:generateContent`).
        public var model: String?
        /// The texts of `systemInstruction.parts`, joined by newlines; nil when absent.
        public var systemInstruction: String?
        public var contents: [Content]
        public var maxOutputTokens: Int?
        public var temperature: Double?
        /// The names in `tools[].functionDeclarations`, and `toolConfig.functionCallingConfig.mode` if sent.
        public var toolNames: [String] = []
        /// Each declared function's parameters, as sent.
        public var toolSchemas: [String: JSONValue] = [:]
        public var functionCallingMode: String?
        /// Why the fake refused the request, nil when it passed validation.
        public var rejection: String?

        public var apiKey: String? { headers["x-goog-api-key"] }
        /// The newest user content that holds text (a function response turn holds none).
        public var lastUserText: String? { contents.last { $0.role == "user" && !$0.parts.isEmpty }?.text }
    }

    /// How the fake answers a valid request.
    public indirect enum Reply: Sendable {
        /// A candidate whose only part is this text, `finishReason: "STOP"`.
        case text(String)
        /// A thinking model's answer: a `thought: true` part, then the text; `thoughtsTokenCount` is set.
        case thinking(thought: String, text: String)
        /// Any body, sent as is with this status (for shapes the other cases do not cover).
        case raw(status: Int, json: String)
        /// A Google RPC error; `retryDelay` adds a `RetryInfo` detail ("28s"), `reason` an `ErrorInfo`,
        /// `quotaId` a `QuotaFailure` violation, `retryAfter` a `Retry-After` header.
        case error(
            status: Int,
            rpcStatus: String,
            message: String,
            retryDelay: String? = nil,
            reason: String? = nil,
            quotaId: String? = nil,
            retryAfter: String? = nil
        )
        /// The prompt was blocked: no candidates, `promptFeedback.blockReason` set (e.g. "SAFETY").
        case blocked(String)
        /// A candidate stopped by the safety filter: `finishReason: "SAFETY"` and no content.
        case safety
        /// The model calls these functions (`args` objects), each part signed with a fresh `thoughtSignature`
        /// as Gemini 3 does; the fake then insists the signatures come back on those parts.
        case functionCalls([(name: String, args: JSONValue)])
        /// Waits (real time) and then answers; only timeout tests should use it.
        case delayed(Duration, Reply)
        /// Never answers until the fake is stopped.
        case hang
    }

    /// Produces the reply to a valid request once the scripted queue is empty.
    public typealias Responder = @Sendable (Request) async -> Reply

    let server: FakeServer
    let state: State
    let embeddings: FakeEmbeddingLog

    /// `http://127.0.0.1:PORT/v1beta`, ready to be a provider's base URL.
    public var baseURL: String { "http://127.0.0.1:\(server.port)/v1beta" }

    private init(server: FakeServer, state: State, embeddings: FakeEmbeddingLog) {
        self.server = server
        self.state = state
        self.embeddings = embeddings
    }

    /// Starts the fake; every request must carry `apiKey` in `x-goog-api-key`.
    public static func start(apiKey: String) async throws -> FakeGemini {
        let state = State()
        let handler = FakeGeminiHandler(apiKey: apiKey, state: state)
        let embeddings = FakeEmbeddingLog()
        let embeddingsHandler = FakeGeminiEmbeddingsHandler(apiKey: apiKey, state: embeddings)
        let server = try await FakeServer.start(name: "FakeGemini") { request, gate in
            if let answer = await embeddingsHandler.handle(request) { return answer }
            return await handler.handle(request, gate: gate)
        }
        return FakeGemini(server: server, state: state, embeddings: embeddings)
    }

    public func stop() async { await server.stop() }

    /// Replaces the default echo responder (`"Resposta para: <last user text>"`).
    public func setResponder(_ responder: @escaping Responder) async { await state.script.setResponder(responder) }

    /// One-off replies, used in order before the responder.
    public func enqueue(_ replies: [Reply]) async { await state.script.enqueue(replies) }

    /// Every request received so far, in arrival order.
    public func requests() async -> [Request] { await state.script.requests }

    public func requestCount() async -> Int { await state.script.requests.count }
}

extension FakeGemini {
    /// The fake's mutable state: the script, and the signatures handed out.
    actor State {
        /// Recorded requests, scripted replies and the responder.
        let script = ScriptedReplies<Request, Reply> { request in
            .text("Resposta para: \(request.lastUserText ?? "")")
        }
        /// Every `thoughtSignature` the fake handed out: a replayed one must be among them.
        private(set) var signatures: Set<String> = []

        func issue(_ signature: String) { signatures.insert(signature) }
    }
}
