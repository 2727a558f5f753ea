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
        let request: HTTPClient.Request
        do {
            var headers = HTTPHeaders()
            headers.add(name: "Content-Type", value: "application/json")
            headers.add(name: "Accept", value: "application/json")
            if let apiKey {
                headers.add(name: "Authorization", value: "Bearer \(apiKey)")
            }
            request = try HTTPClient.Request(url: endpoint, method: .POST, headers: headers, body: .bytes(body))
        } catch {
            throw LLMError.transport("invalid endpoint \(endpoint): \(error)")
        }
        let response: HTTPClient.Response
        do {
            response = try await HTTPRetry.execute(
                request,
                on: httpClient,
                timeout: timeout,
                maxBodySize: Self.maxResponseBytes,
                logger: logger
            )
        } catch {
            if Task.isCancelled { throw CancellationError() }
            logger.debug("openai-chat request failed", metadata: ["error": "\(String(reflecting: error))"])
            throw RetryableFailure(error: HTTPRetry.llmError(for: error), status: nil, retryAfter: nil)
        }
        let status = Int(response.status.code)
        let bytes = response.body.map { Data($0.readableBytesView) } ?? Data()
        guard (200..<300).contains(status) else {
            throw failure(status: status, headers: response.headers, body: bytes)
        }
        return try parseReply(bytes)
    }

    /// Turns an error answer into a final `LLMError` or a `RetryableFailure`.
    func failure(status: Int, headers: HTTPHeaders, body: Data) -> any Error {
        let envelope = try? JSONDecoder().decode(ChatCompletionErrorEnvelope.self, from: body)
        let message = envelope?.message ?? String(decoding: body.prefix(500), as: UTF8.self)
        let code = envelope?.code
        let error = LLMError.http(status: status, code: code, message: message)
        // A 429 with `insufficient_quota` is billing, not rate: waiting cannot fix it (wire-formats §3.4).
        if status == 429, code == "insufficient_quota" || envelope?.type == "insufficient_quota" {
            return LLMError.quotaExhausted(message: message)
        }
        guard HTTPRetry.isRetryable(status: status) else { return error }
        let retryAfter = HTTPRetry.retryAfter(in: headers, now: timeSource.now())
        return RetryableFailure(error: error, status: status, retryAfter: retryAfter)
    }

    /// Reads `choices[0].message.content`, the usage (zero when missing) and the model that answered.
    func parseReply(_ body: Data) throws -> LLMReply {
        let decoded: ChatCompletionResponse
        do {
            decoded = try JSONDecoder().decode(ChatCompletionResponse.self, from: body)
        } catch {
            throw LLMError.invalidResponse("not a chat completion: \(error)")
        }
        guard let text = decoded.choices.first?.message?.content, !text.isEmpty else {
            throw LLMError.invalidResponse("the answer held no text")
        }
        let usage = TokenUsage(
            inputTokens: decoded.usage?.promptTokens ?? 0,
            outputTokens: decoded.usage?.completionTokens ?? 0
        )
        return LLMReply(text: text, usage: usage, model: decoded.model ?? model, provider: name)
    }
}
