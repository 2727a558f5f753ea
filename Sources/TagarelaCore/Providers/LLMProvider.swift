/// A language model that answers a conversation. Implementations live in TagarelaProviders.
public protocol LLMProvider: Sendable {
    /// A short name recorded with each turn ("openai-chat", "gemini"...).
    var name: String { get }
    /// Answers the conversation; retries and timeouts are the provider's own business.
    func reply(to request: LLMRequest) async throws -> LLMReply
}

/// One message of the conversation as the model sees it.
public struct ChatMessage: Sendable, Equatable {
    public enum Role: String, Sendable, Equatable {
        case system, user, assistant
    }

    public var role: Role
    public var content: String
    /// Images shown with the text; only a user's message carries them to a model (providers turn any other
    /// role's images into their text notes, see `withoutImages(note:)`).
    public var images: [ModelImage]

    public init(role: Role, content: String, images: [ModelImage] = []) {
        self.role = role
        self.content = content
        self.images = images
    }
}

/// What a turn asks of the model: instructions, the memory window (oldest first), the tools it may call,
/// and the tool rounds of this turn so far.
public struct LLMRequest: Sendable, Equatable {
    public var systemPrompt: String
    public var messages: [ChatMessage]
    public var tools: [ToolDefinition]
    /// This turn's earlier tool rounds, after `messages`, in order.
    public var steps: [ToolStep]
    public var toolChoice: ToolChoice
    /// Whose conversation this is, for providers that keep one on their side; nil outside a contact's turn.
    public var contactID: Int64?
    /// The stored messages `messages` was made from, oldest first: a provider that keeps the conversation
    /// sends only those it has not seen, by id.
    public var source: [StoredMessage]

    public init(
        systemPrompt: String, messages: [ChatMessage], tools: [ToolDefinition] = [], steps: [ToolStep] = [],
        toolChoice: ToolChoice = .auto, contactID: Int64? = nil, source: [StoredMessage] = []
    ) {
        self.contactID = contactID
        self.source = source
        self.systemPrompt = systemPrompt
        self.messages = messages
        self.tools = tools
        self.steps = steps
        self.toolChoice = toolChoice
    }
}

/// Tokens a call consumed, as the provider reported them.
public struct TokenUsage: Sendable, Equatable, Codable {
    public var inputTokens: Int
    public var outputTokens: Int

    public init(inputTokens: Int = 0, outputTokens: Int = 0) {
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
    }

    public static let zero = TokenUsage()

    public static func + (lhs: TokenUsage, rhs: TokenUsage) -> TokenUsage {
        TokenUsage(inputTokens: lhs.inputTokens + rhs.inputTokens, outputTokens: lhs.outputTokens + rhs.outputTokens)
    }
}

/// The model's answer to one request: words, or tool calls to run before it answers (then `text` may be empty).
public struct LLMReply: Sendable, Equatable {
    public var text: String
    public var usage: TokenUsage
    public var model: String
    public var provider: String
    public var toolCalls: [ToolCall]
    /// What the provider wants echoed with the results of `toolCalls`.
    public var replay: ProviderReplay?

    public init(
        text: String, usage: TokenUsage, model: String, provider: String, toolCalls: [ToolCall] = [],
        replay: ProviderReplay? = nil
    ) {
        self.text = text
        self.usage = usage
        self.model = model
        self.provider = provider
        self.toolCalls = toolCalls
        self.replay = replay
    }
}

/// Why a provider gave up. Each case says whether a retry could help.
public enum LLMError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The provider answered with an HTTP error (`code` is the provider's own error code, if any).
    case http(status: Int, code: String?, message: String)
    /// Billing or quota exhausted: retrying cannot help.
    case quotaExhausted(message: String)
    /// No answer within the configured timeout.
    case timeout
    /// The connection failed before an answer arrived.
    case transport(String)
    /// The answer could not be understood, or held no text.
    case invalidResponse(String)

    /// The provider no longer has the conversation it was asked to continue (deleted on its side).
    public var isConversationMissing: Bool {
        guard case .http(404, _, let message) = self else { return false }
        return message.lowercased().contains("conversation")
    }

    /// The conversation did not fit the model's context window: a shorter history may work.
    public var isContextTooLong: Bool {
        guard case .http(let status, let code, let message) = self, status == 400 else { return false }
        if code == "context_length_exceeded" { return true }
        // Gemini says it in words: "The input token count (…) exceeds the maximum number of tokens allowed".
        let lowered = message.lowercased()
        return lowered.contains("token") && (lowered.contains("exceeds the maximum") || lowered.contains("too long"))
    }

    public var description: String {
        switch self {
        case .http(let status, let code, let message):
            "HTTP \(status)\(code.map { " (\($0))" } ?? ""): \(message)"
        case .quotaExhausted(let message): "quota exhausted: \(message)"
        case .timeout: "timed out"
        case .transport(let detail): "transport error: \(detail)"
        case .invalidResponse(let detail): "invalid response: \(detail)"
        }
    }
}
