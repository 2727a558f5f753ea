import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import TagarelaCore

/// A Google RPC error answer: `{"error":{"code","message","status","details"?}}`.
struct GeminiFailure {
    var status: Int
    var rpcStatus: String
    var message: String
    /// `google.rpc.*` detail objects, `@type` included.
    var details: [[String: Any]] = []
    var headers: [String: String] = [:]

    static func invalidArgument(_ message: String, reason: String? = nil) -> GeminiFailure {
        var failure = GeminiFailure(status: 400, rpcStatus: "INVALID_ARGUMENT", message: message)
        if let reason {
            failure.details.append([
                "@type": "type.googleapis.com/google.rpc.ErrorInfo",
                "reason": reason,
                "domain": "googleapis.com",
                "metadata": ["service": "generativelanguage.googleapis.com"],
            ])
        }
        return failure
    }

    var response: Response {
        var error: [String: Any] = ["code": status, "message": message, "status": rpcStatus]
        if !details.isEmpty { error["details"] = details }
        return jsonResponse(status: status, ["error": error], headers: headers)
    }
}

extension FakeGeminiHandler {
    /// Plays one scripted reply.
    func respond(_ reply: FakeGemini.Reply, to request: FakeGemini.Request, gate: StopGate) async -> Response {
        switch reply {
        case .text(let text):
            return jsonResponse(status: 200, answer([["text": text]], for: request, tokens: Self.words(in: text)))
        case .thinking(let thought, let text):
            let parts: [[String: Any]] = [["text": thought, "thought": true], ["text": text]]
            var body = answer(parts, for: request, tokens: Self.words(in: text))
            body["usageMetadata"] = usage(for: request, output: Self.words(in: text), thoughts: Self.words(in: thought))
            return jsonResponse(status: 200, body)
        case .raw(let status, let json):
            return Self.rawResponse(status: status, json: json)
        case .error(let status, let rpcStatus, let message, let retryDelay, let reason, let quotaId, let retryAfter):
            var failure = GeminiFailure(status: status, rpcStatus: rpcStatus, message: message)
            if let quotaId {
                let violation = [
                    "quotaMetric": "generativelanguage.googleapis.com/generate_requests", "quotaId": quotaId,
                ]
                failure.details.append([
                    "@type": "type.googleapis.com/google.rpc.QuotaFailure", "violations": [violation],
                ])
            }
            if let reason {
                failure.details.append(["@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": reason])
            }
            if let retryDelay {
                failure.details.append(["@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": retryDelay])
            }
            failure.headers["Retry-After"] = retryAfter
            return failure.response
        case .blocked(let reason):
            return jsonResponse(
                status: 200,
                [
                    "promptFeedback": ["blockReason": reason],
                    "usageMetadata": usage(for: request, output: 0),
                    "modelVersion": request.model ?? "",
                    "responseId": Self.responseID(),
                ]
            )
        case .safety:
            var body = answer([], for: request, tokens: 0)
            body["candidates"] = [["finishReason": "SAFETY", "index": 0]]
            return jsonResponse(status: 200, body)
        case .functionCalls(let calls):
            var parts: [[String: Any]] = []
            for (index, call) in calls.enumerated() {
                var part: [String: Any] = [
                    "functionCall": ["name": call.name, "args": Self.foundationObject(call.args)]
                ]
                // Gemini 3 signs the first call of a turn; the others ride on it.
                if index == 0 {
                    let signature = "sig-" + Self.responseID()
                    await state.issue(signature)
                    part["thoughtSignature"] = signature
                }
                parts.append(part)
            }
            return jsonResponse(status: 200, answer(parts, for: request, tokens: 3 * calls.count))
        case .delayed(let duration, let next):
            try? await Task.sleep(for: duration)
            return await respond(next, to: request, gate: gate)
        case .hang:
            await gate.wait()
            return GeminiFailure(status: 503, rpcStatus: "UNAVAILABLE", message: "The fake server is stopping.")
                .response
        }
    }

    /// A `GenerateContentResponse` with one finished candidate; token counts are word counts.
    func answer(_ parts: [[String: Any]], for request: FakeGemini.Request, tokens: Int) -> [String: Any] {
        let content: [String: Any] = ["role": "model", "parts": parts]
        return [
            "candidates": [["content": content, "finishReason": "STOP", "index": 0]],
            "usageMetadata": usage(for: request, output: tokens),
            "modelVersion": request.model ?? "",
            "responseId": Self.responseID(),
        ]
    }

    /// `usageMetadata`; `thoughtsTokenCount` appears only for thinking answers, as Google sends it.
    func usage(for request: FakeGemini.Request, output: Int, thoughts: Int = 0) -> [String: Any] {
        let texts = [request.systemInstruction ?? ""] + request.contents.map(\.text)
        let prompt = texts.reduce(0) { $0 + Self.words(in: $1) }
        var usage: [String: Any] = [
            "promptTokenCount": prompt,
            "candidatesTokenCount": output,
            "totalTokenCount": prompt + output + thoughts,
            "promptTokensDetails": [["modality": "TEXT", "tokenCount": prompt]],
        ]
        if thoughts > 0 { usage["thoughtsTokenCount"] = thoughts }
        return usage
    }

    /// A body sent exactly as scripted, so tests can shape answers the other replies do not.
    static func rawResponse(status: Int, json: String) -> Response {
        var fields = HTTPFields()
        fields[.contentType] = "application/json"
        return Response(status: .init(code: status), headers: fields, body: .init(byteBuffer: ByteBuffer(string: json)))
    }

    static func words(in text: String) -> Int {
        text.split(whereSeparator: { $0.isWhitespace }).count
    }

    /// Google's ids are short URL-safe strings.
    static func responseID() -> String {
        String(UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(22))
    }
}
