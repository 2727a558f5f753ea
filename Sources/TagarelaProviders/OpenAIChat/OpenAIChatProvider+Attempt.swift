import Foundation
import TagarelaCore

extension OpenAIChatProvider {
    /// One HTTP attempt: returns the reply, throws `RetryableFailure` when another attempt may help,
    /// or an `LLMError` when it cannot.
    func attemptReply(body: Data) async throws -> LLMReply {
        try await connection.openAIReply(body, to: endpoint, provider: "openai-chat", parse: parseReply)
    }

    /// Reads `choices[0].message.content`, the usage (zero when missing) and the model that answered.
    func parseReply(_ body: Data) throws -> LLMReply {
        let decoded = try ProviderAnswer.decode(ChatCompletionResponse.self, from: body, as: "a chat completion")
        let message = decoded.choices.first?.message
        let calls = (message?.toolCalls ?? []).map {
            ToolCall(id: $0.id, name: $0.function.name, arguments: ToolArguments.parse($0.function.arguments))
        }
        let text = message?.content ?? ""
        guard !text.isEmpty || !calls.isEmpty else {
            throw LLMError.invalidResponse("the answer held no text")
        }
        let usage = TokenUsage(
            inputTokens: decoded.usage?.promptTokens ?? 0,
            outputTokens: decoded.usage?.completionTokens ?? 0
        )
        return LLMReply(
            text: text, usage: usage, model: decoded.model ?? connection.model, provider: name, toolCalls: calls)
    }
}
