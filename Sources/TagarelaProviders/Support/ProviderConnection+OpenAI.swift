import Foundation
import NIOHTTP1
import TagarelaCore

extension ProviderConnection {
    /// One request to an OpenAI-style API with the connection's bearer key: the answer's body when it succeeded,
    /// else OpenAI's error envelope as an `LLMError` or, when another attempt may help, a `RetryableFailure`.
    func openAIRequest(
        _ body: Data?, to endpoint: String, method: HTTPMethod = .POST, provider: String, maxBodySize: Int
    ) async throws -> Data {
        let (status, headers, bytes) = try await send(
            method, body, to: endpoint, headers: bearer, provider: provider, maxBodySize: maxBodySize)
        guard (200..<300).contains(status) else {
            throw OpenAIErrorAnswer.failure(status: status, headers: headers, body: bytes, now: timeSource.now())
        }
        return bytes
    }

    /// One attempt at a model's answer from an OpenAI-style endpoint: `body` posted, the answer read by `parse`.
    /// Throws `RetryableFailure` when another attempt may help, or an `LLMError` when it cannot.
    func openAIReply(
        _ body: Data, to endpoint: String, provider: String, parse: (Data) throws -> LLMReply
    ) async throws -> LLMReply {
        try parse(try await openAIRequest(body, to: endpoint, provider: provider, maxBodySize: ProviderAnswer.maxBytes))
    }
}
