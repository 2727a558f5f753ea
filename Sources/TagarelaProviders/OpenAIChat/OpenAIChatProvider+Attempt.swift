import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import TagarelaCore

extension OpenAIChatProvider {
    /// The largest answer read; a chat completion is a few kilobytes.
    static let maxResponseBytes = 8 * 1024 * 1024

    /// One HTTP attempt: returns the reply, throws `RetryableFailure` when another attempt may help,
    /// or an `LLMError` when it cannot.
    func attemptReply(body: Data) async throws -> LLMReply {
        let (status, headers, bytes) = try await ProviderAttempts.post(
            body, to: endpoint, headers: apiKey.map { [("Authorization", "Bearer \($0)")] } ?? [],
            provider: "openai-chat", client: httpClient,
            timeout: timeout, maxBodySize: Self.maxResponseBytes, logger: logger)
        guard (200..<300).contains(status) else {
            throw OpenAIErrorAnswer.failure(status: status, headers: headers, body: bytes, now: timeSource.now())
        }
        return try parseReply(bytes)
    }

    /// Reads `choices[0].message.content`, the usage (zero when missing) and the model that answered.
    func parseReply(_ body: Data) throws -> LLMReply {
        let decoded: ChatCompletionResponse
        do {
            decoded = try JSONDecoder().decode(ChatCompletionResponse.self, from: body)
        } catch {
            throw LLMError.invalidResponse("not a chat completion: \(error)")
        }
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
        return LLMReply(text: text, usage: usage, model: decoded.model ?? model, provider: name, toolCalls: calls)
    }
}
