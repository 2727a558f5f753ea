import Foundation
import NIOHTTP1
import TagarelaCore

/// OpenAI's error answers, the same on every endpoint (`{"error":{message,type,param,code}}`, OpenAI's
/// error codes guide), for the Chat Completions and Responses providers alike.
enum OpenAIErrorAnswer {
    /// Turns an error answer into a final `LLMError` or a `RetryableFailure`. `context_length_exceeded` stays
    /// `.http(status: 400, code: "context_length_exceeded", …)`, so the turn can trim its history and ask again.
    static func failure(status: Int, headers: HTTPHeaders, body: Data, now: Date) -> any Error {
        let envelope = try? JSONDecoder().decode(ChatCompletionErrorEnvelope.self, from: body)
        let message = envelope?.message ?? String(decoding: body.prefix(500), as: UTF8.self)
        let code = envelope?.code
        let error = LLMError.http(status: status, code: code, message: message)
        // A 429 with `insufficient_quota` is billing, not rate: waiting cannot fix it (OpenAI's error codes guide).
        if status == 429, code == "insufficient_quota" || envelope?.type == "insufficient_quota" {
            return LLMError.quotaExhausted(message: message)
        }
        guard HTTPRetry.isRetryable(status: status) else { return error }
        return RetryableFailure(error: error, status: status, retryAfter: HTTPRetry.retryAfter(in: headers, now: now))
    }
}
