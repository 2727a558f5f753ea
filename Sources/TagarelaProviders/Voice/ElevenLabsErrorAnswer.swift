import Foundation
import NIOHTTP1
import TagarelaCore

/// ElevenLabs' error answers (ElevenLabs' text-to-speech reference): `{"detail":{"status","message"}}`, or FastAPI's
/// 422 `{"detail":[{"loc","msg","type"}]}`.
enum ElevenLabsErrorAnswer {
    /// A final `LLMError` (mapped to `VoiceError` at the edge) or a `RetryableFailure`. Quota exhaustion comes
    /// as a 401 with `status: "quota_exceeded"`: it is `.quotaExhausted`, never mistaken for a bad key.
    static func failure(status: Int, headers: HTTPHeaders, body: Data, now: Date) -> any Error {
        let (code, message) = read(body)
        if code == "quota_exceeded" { return LLMError.quotaExhausted(message: message) }
        let error = LLMError.http(status: status, code: code, message: message)
        // A 429 is "too many concurrent requests" or "system busy": a later attempt works.
        guard HTTPRetry.isRetryable(status: status) else { return error }
        return RetryableFailure(error: error, status: status, retryAfter: HTTPRetry.retryAfter(in: headers, now: now))
    }

    /// The error's code and message; the raw text when the body is neither shape.
    static func read(_ body: Data) -> (code: String?, message: String) {
        let raw = String(decoding: body.prefix(500), as: UTF8.self)
        guard let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any] else { return (nil, raw) }
        if let detail = object["detail"] as? [String: Any] {
            return (detail["status"] as? String, detail["message"] as? String ?? raw)
        }
        if let problems = object["detail"] as? [[String: Any]] {
            let lines = problems.map { problem in
                let location = (problem["loc"] as? [Any])?.map { "\($0)" }.joined(separator: ".") ?? "?"
                return "\(location): \(problem["msg"] as? String ?? "invalid")"
            }
            return (problems.first?["type"] as? String, lines.joined(separator: "; "))
        }
        if let text = object["detail"] as? String { return (nil, text) }
        return (nil, raw)
    }
}
