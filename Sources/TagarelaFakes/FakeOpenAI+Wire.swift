import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// An OpenAI error answer: `{"error":{"message","type","param","code"}}`, all four keys always present.
struct OpenAIFailure {
    var status: Int
    var message: String
    var type = "invalid_request_error"
    var param: String?
    var code: String?
    var headers: [String: String] = [:]

    static func unauthorized(_ message: String) -> OpenAIFailure {
        .init(status: 401, message: message, code: "invalid_api_key")
    }

    /// OpenAI's two 401s: no key, and a wrong one (shown masked); nil when the key is right or none is wanted.
    static func authentication(expected apiKey: String?, given authorization: String?) -> OpenAIFailure? {
        guard let apiKey, authorization != "Bearer \(apiKey)" else { return nil }
        guard let authorization, authorization.hasPrefix("Bearer ") else {
            return .unauthorized(
                "You didn't provide an API key. You need to provide your API key in an Authorization header "
                    + "using Bearer auth (i.e. Authorization: Bearer YOUR_KEY)."
            )
        }
        let key = authorization.dropFirst("Bearer ".count)
        return .unauthorized("Incorrect API key provided: \(key.prefix(3))****\(key.suffix(4)).")
    }

    static func invalid(_ message: String, param: String, code: String) -> OpenAIFailure {
        .init(status: 400, message: message, param: param, code: code)
    }

    var response: Response {
        let error: [String: Any] = [
            "message": message, "type": type, "param": param ?? NSNull(), "code": code ?? NSNull(),
        ]
        return jsonResponse(status: status, ["error": error], headers: headers)
    }
}

extension FakeOpenAIHandler {
    /// Plays one scripted reply.
    func respond(_ reply: FakeOpenAI.Reply, to request: FakeOpenAI.Request, gate: StopGate) async -> Response {
        switch reply {
        case .text(let text):
            return answer(.completed(text), to: request)
        case .response(let answer):
            return self.answer(answer, to: request)
        case .error(let status, let code, let type, let message, let retryAfter, let retryAfterMs):
            var headers: [String: String] = [:]
            headers["Retry-After"] = retryAfter
            headers["retry-after-ms"] = retryAfterMs
            let failure = OpenAIFailure(status: status, message: message, type: type, code: code, headers: headers)
            return failure.response
        case .delayed(let duration, let next):
            try? await Task.sleep(for: duration)
            return await respond(next, to: request, gate: gate)
        case .hang:
            await gate.wait()
            return OpenAIFailure(status: 503, message: "The fake server is stopping.", type: "server_error").response
        }
    }

    /// A `chat.completion` object shaped like the spec's example; token counts are word counts. With `calls`,
    /// the message carries `tool_calls` (content null when there is no text) and finishes with `tool_calls`.
    func completion(
        _ text: String, calls: [(name: String, arguments: String)] = [], for request: FakeOpenAI.Request
    ) -> [String: Any] {
        let promptTokens = request.messages.reduce(0) { $0 + Self.words(in: $1.content) + 4 }
        let completionTokens = Self.words(in: text) + 3 * calls.count
        let id = "chatcmpl-" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(29)
        var message: [String: Any] = [
            "role": "assistant", "content": text.isEmpty && !calls.isEmpty ? NSNull() : text, "refusal": NSNull(),
            "annotations": [],
        ]
        if !calls.isEmpty {
            message["tool_calls"] = calls.map { call -> [String: Any] in
                [
                    "id": Self.identifier("call_").prefix(29), "type": "function",
                    "function": ["name": call.name, "arguments": call.arguments],
                ]
            }
        }
        let choice: [String: Any] = [
            "index": 0, "message": message, "logprobs": NSNull(),
            "finish_reason": calls.isEmpty ? "stop" : "tool_calls",
        ]
        return [
            "id": id,
            "object": "chat.completion",
            "created": Int(Date().timeIntervalSince1970),
            "model": request.model ?? "",
            "choices": [choice],
            "usage": [
                "prompt_tokens": promptTokens,
                "completion_tokens": completionTokens,
                "total_tokens": promptTokens + completionTokens,
            ],
            "service_tier": "default",
        ]
    }

    static func words(in text: String) -> Int {
        text.split(whereSeparator: { $0.isWhitespace }).count
    }
}

/// A JSON answer with extra headers.
/// A JSON answer of a fake. Keys are not sorted: on Linux sorting them costs more than the rest of the answer,
/// and the fakes share the benchmark's two cores with the server they measure.
func jsonResponse(status: Int, _ object: [String: Any], headers: [String: String] = [:]) -> Response {
    let data = (try? JSONSerialization.data(withJSONObject: object)) ?? Data("{}".utf8)
    var fields = HTTPFields()
    fields[.contentType] = "application/json"
    for (name, value) in headers {
        if let field = HTTPField.Name(name) { fields[field] = value }
    }
    return Response(
        status: .init(code: status),
        headers: fields,
        body: .init(byteBuffer: ByteBuffer(bytes: data))
    )
}
