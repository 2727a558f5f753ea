import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import TagarelaCore

extension OpenAIResponsesProvider {
    /// The largest answer read; a response object is a few kilobytes.
    static let maxResponseBytes = 8 * 1024 * 1024

    /// One HTTP attempt: returns the reply, throws `RetryableFailure` when another attempt may help,
    /// or an `LLMError` when it cannot.
    func attemptReply(body: Data) async throws -> LLMReply {
        let request: HTTPClient.Request
        do {
            var headers = HTTPHeaders()
            headers.add(name: "Content-Type", value: "application/json")
            headers.add(name: "Accept", value: "application/json")
            headers.add(name: "Authorization", value: "Bearer \(apiKey)")
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
            logger.debug("openai-responses request failed", metadata: ["error": "\(String(reflecting: error))"])
            throw RetryableFailure(error: HTTPRetry.llmError(for: error), status: nil, retryAfter: nil)
        }
        let status = Int(response.status.code)
        let bytes = response.body.map { Data($0.readableBytesView) } ?? Data()
        guard (200..<300).contains(status) else {
            throw failure(status: status, headers: response.headers, body: bytes)
        }
        return try parseReply(bytes)
    }

    /// Turns an error answer into a final `LLMError` or a `RetryableFailure`, as the chat provider does.
    ///
    /// `context_length_exceeded` stays `.http(status: 400, code: "context_length_exceeded", …)` so the caller
    /// can trim the history and try again.
    func failure(status: Int, headers: HTTPHeaders, body: Data) -> any Error {
        // Every OpenAI endpoint shares the error envelope (wire-formats §3.4).
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

    /// Reads the text of the message items, the usage (zero when missing) and the model that answered.
    ///
    /// A response that stopped early (`incomplete`, e.g. at `max_output_tokens`) still counts when it holds
    /// text: a cut answer is better than none on WhatsApp. A `failed` one never does.
    func parseReply(_ body: Data) throws -> LLMReply {
        let decoded: ResponsesResponse
        do {
            decoded = try JSONDecoder().decode(ResponsesResponse.self, from: body)
        } catch {
            throw LLMError.invalidResponse("not a response object: \(error)")
        }
        let status = decoded.status ?? "completed"
        if status == "failed" {
            let code = decoded.error?.code ?? "unknown"
            throw LLMError.invalidResponse("the response failed (\(code)): \(decoded.error?.message ?? "")")
        }
        let text = decoded.outputText
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            if let refusal = decoded.refusal {
                throw LLMError.invalidResponse("the model refused: \(refusal)")
            }
            let reason = decoded.incompleteDetails?.reason.map { ", reason \($0)" } ?? ""
            throw LLMError.invalidResponse("the answer held no text (status \(status)\(reason))")
        }
        if status != "completed" {
            logger.warning(
                "openai-responses answer is \(status), using its partial text",
                metadata: ["reason": "\(decoded.incompleteDetails?.reason ?? "none")"]
            )
        }
        let usage = TokenUsage(
            inputTokens: decoded.usage?.inputTokens ?? 0,
            outputTokens: decoded.usage?.outputTokens ?? 0
        )
        return LLMReply(text: text, usage: usage, model: decoded.model ?? model, provider: name)
    }
}
