import Foundation
import NIOHTTP1
import TagarelaCore

extension ProviderConnection {
    /// One request to Gemini's API with the connection's key: the answer's body when it succeeded, else Google's
    /// error as an `LLMError` or, when another attempt may help, a `RetryableFailure`.
    func geminiRequest(_ body: Data, to endpoint: String, provider: String, maxBodySize: Int) async throws -> Data {
        // The header, never `?key=`: URLs end up in logs and error messages, headers do not.
        let (status, headers, bytes) = try await send(
            .POST, body, to: endpoint, headers: apiKey.map { [("x-goog-api-key", $0)] } ?? [], provider: provider,
            maxBodySize: maxBodySize)
        guard (200..<300).contains(status) else {
            throw geminiFailure(status: status, headers: headers, body: bytes)
        }
        return bytes
    }

    /// Turns a Gemini error answer into a final `LLMError` or a `RetryableFailure`.
    func geminiFailure(status: Int, headers: HTTPHeaders, body: Data) -> any Error {
        let rpc = GoogleRPCError.parse(body)
        var message = rpc?.message ?? String(decoding: body.prefix(500), as: UTF8.self)
        // `API_KEY_INVALID` comes as a plain 400 INVALID_ARGUMENT: the reason is what tells a bad key apart.
        if let reason = rpc?.reason, !message.contains(reason) {
            message += " (\(reason))"
        }
        let error = LLMError.http(status: status, code: rpc?.status, message: message)
        if status == 429, rpc?.isQuotaExhausted == true {
            return LLMError.quotaExhausted(message: message)
        }
        guard HTTPRetry.isRetryable(status: status) else { return error }
        // Google puts the wait in `RetryInfo`; a proxy in front may use `Retry-After` instead.
        let retryAfter = rpc?.retryDelay ?? HTTPRetry.retryAfter(in: headers, now: timeSource.now())
        return RetryableFailure(error: error, status: status, retryAfter: retryAfter)
    }
}
