import Foundation

/// A model that hears the contact's voice and answers with its own (OpenAI's Realtime API): one call instead of
/// transcribe → model → speak. Implementations live in TagarelaProviders and throw `SpeechToSpeechError`.
public protocol SpeechToSpeech: Sendable {
    /// A short name recorded with each turn ("openai-realtime").
    var name: String { get }
    /// The model that answers (`gpt-realtime`), which `LLM_PRICES` prices.
    var model: String { get }
    /// Answers `request` in one session, running the tools it calls through `runTools` (each round's calls at
    /// once, their results sent back before the model goes on), and closes the session.
    func answer(
        _ request: SpokenTurn, runTools: @escaping @Sendable ([ToolCall]) async -> ToolRoundOutcome
    ) async throws -> SpokenAnswer
}

/// What one spoken turn asks of the model: the same instructions, memory and tools a text turn gives, and the
/// turn itself with its voice notes as audio.
public struct SpokenTurn: Sendable, Equatable {
    /// The system prompt (facts and knowledge included, as data).
    public var instructions: String
    /// The conversation before this turn, oldest first, as text.
    public var history: [ChatMessage]
    /// This turn's texts and voice notes, in the order the contact sent them.
    public var input: [SpeechInput]
    public var tools: [ToolDefinition]
    /// Rounds of tool calls allowed before the model must answer in words (the last round forbids tools).
    public var maxToolRounds: Int
    /// Bounds the spoken answer so it fits the voice notes the channel takes.
    public var maxOutputTokens: Int
    /// `TRANSCRIPTION_LANGUAGE`, for the transcript of the contact's notes; nil lets the model detect it.
    public var languageHint: String?

    public init(
        instructions: String, history: [ChatMessage], input: [SpeechInput], tools: [ToolDefinition] = [],
        maxToolRounds: Int = 3, maxOutputTokens: Int = 1_500, languageHint: String? = nil
    ) {
        self.instructions = instructions
        self.history = history
        self.input = input
        self.tools = tools
        self.maxToolRounds = maxToolRounds
        self.maxOutputTokens = maxOutputTokens
        self.languageHint = languageHint
    }
}

/// One part of the turn the contact sent.
public enum SpeechInput: Sendable, Equatable {
    case text(String)
    /// A voice note as PCM16 little-endian, 24 kHz, mono (the only PCM rate the Realtime API takes).
    case audio(pcm: Data, messageID: Int64)
}

/// What the tools answered to one round of calls, and whether one of them ends the turn (a handoff).
public struct ToolRoundOutcome: Sendable, Equatable {
    public var results: [ToolResult]
    public var endsTurn: Bool

    public init(results: [ToolResult], endsTurn: Bool = false) {
        self.results = results
        self.endsTurn = endsTurn
    }
}

/// The model's spoken answer.
public struct SpokenAnswer: Sendable, Equatable {
    /// PCM16 little-endian, 24 kHz, mono: every response's audio in order.
    public var pcm: Data
    /// What the audio says, as the model wrote it.
    public var transcript: String
    /// What each voice note of the turn said, by message id, for those the session transcribed.
    public var heard: [Int64: String]
    public var usage: SpeechUsage
    /// A tool ended the turn: the answer is that tool's notice, not the audio.
    public var endedByTool: Bool

    public init(
        pcm: Data, transcript: String, heard: [Int64: String] = [:], usage: SpeechUsage = SpeechUsage(),
        endedByTool: Bool = false
    ) {
        self.pcm = pcm
        self.transcript = transcript
        self.heard = heard
        self.usage = usage
        self.endedByTool = endedByTool
    }
}

/// Tokens a session used, as the provider reported them (`response.done`'s `usage`, summed over responses).
public struct SpeechUsage: Sendable, Equatable {
    public var inputTextTokens = 0
    public var inputAudioTokens = 0
    public var outputTextTokens = 0
    public var outputAudioTokens = 0

    public init(
        inputTextTokens: Int = 0, inputAudioTokens: Int = 0, outputTextTokens: Int = 0, outputAudioTokens: Int = 0
    ) {
        self.inputTextTokens = inputTextTokens
        self.inputAudioTokens = inputAudioTokens
        self.outputTextTokens = outputTextTokens
        self.outputAudioTokens = outputAudioTokens
    }

    /// As the turn records it: every token counts in the budgets.
    public var tokens: TokenUsage {
        TokenUsage(
            inputTokens: inputTextTokens + inputAudioTokens, outputTokens: outputTextTokens + outputAudioTokens)
    }

    public static func + (lhs: SpeechUsage, rhs: SpeechUsage) -> SpeechUsage {
        SpeechUsage(
            inputTextTokens: lhs.inputTextTokens + rhs.inputTextTokens,
            inputAudioTokens: lhs.inputAudioTokens + rhs.inputAudioTokens,
            outputTextTokens: lhs.outputTextTokens + rhs.outputTextTokens,
            outputAudioTokens: lhs.outputAudioTokens + rhs.outputAudioTokens)
    }
}
