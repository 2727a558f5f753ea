import Foundation
import Hummingbird

extension FakeOpenAIHandler {
    /// Plays a text answer on whichever endpoint the request hit.
    func answer(_ answer: FakeOpenAI.ResponsesAnswer, to request: FakeOpenAI.Request) -> Response {
        guard request.endpoint == .responses else {
            return jsonResponse(status: 200, completion(answer.text, calls: answer.calls, for: request))
        }
        return jsonResponse(status: 200, responseObject(answer, for: request))
    }

    /// A `response` object shaped like the spec's examples; token counts are word counts.
    func responseObject(_ answer: FakeOpenAI.ResponsesAnswer, for request: FakeOpenAI.Request) -> [String: Any] {
        let inputTokens =
            Self.words(in: request.instructions ?? "") + request.input.reduce(0) { $0 + Self.words(in: $1.text) + 4 }
            + request.conversationWords
        let outputTokens = Self.words(in: answer.text)
        let now = Int(Date().timeIntervalSince1970)
        let error: Any =
            answer.status == "failed"
            ? ["code": answer.errorCode ?? "server_error", "message": answer.errorMessage ?? ""] : NSNull()
        let incomplete: Any = answer.incompleteReason.map { ["reason": $0] } ?? NSNull()
        return [
            "id": Self.identifier("resp_"),
            "object": "response",
            "created_at": now,
            "status": answer.status,
            "completed_at": answer.status == "completed" ? now : NSNull(),
            "error": error,
            "incomplete_details": incomplete,
            "instructions": request.instructions ?? NSNull(),
            "max_output_tokens": request.maxOutputTokens ?? NSNull(),
            "model": request.model ?? "",
            "output": answer.output.map { outputItem($0, status: answer.status, for: request) },
            "parallel_tool_calls": true,
            "previous_response_id": NSNull(),
            "reasoning": ["effort": NSNull(), "summary": NSNull()],
            "store": request.store ?? true,
            "conversation": request.conversation.map { ["id": $0] } ?? NSNull(),
            "temperature": request.temperature ?? 1.0,
            "text": ["format": ["type": "text"]],
            "tool_choice": "auto",
            "tools": [],
            "top_p": 1.0,
            "truncation": "disabled",
            "usage": [
                "input_tokens": inputTokens,
                "input_tokens_details": ["cached_tokens": 0],
                "output_tokens": outputTokens,
                "output_tokens_details": ["reasoning_tokens": 0],
                "total_tokens": inputTokens + outputTokens,
            ],
            "user": NSNull(),
            "metadata": [:],
        ]
    }

    /// One `output[]` item; a message of an incomplete response is itself `incomplete`.
    func outputItem(
        _ item: FakeOpenAI.ResponsesAnswer.Item, status: String, for request: FakeOpenAI.Request
    ) -> [String: Any] {
        switch item {
        case .reasoning(let summary):
            var item: [String: Any] = [
                "type": "reasoning", "id": Self.identifier("rs_"),
                "summary": [["type": "summary_text", "text": summary]],
            ]
            // Without it, a `store: false` client cannot hand the reasoning back.
            if request.include.contains("reasoning.encrypted_content") {
                item["encrypted_content"] = "gAAAA" + Self.identifier("")
            }
            return item
        case .message(let parts):
            let content = parts.map { ["type": "output_text", "text": $0, "annotations": []] as [String: Any] }
            return [
                "type": "message", "id": Self.identifier("msg_"), "role": "assistant",
                "status": status == "incomplete" ? "incomplete" : "completed", "content": content,
            ]
        case .functionCall(let name, let arguments):
            return [
                "type": "function_call", "id": Self.identifier("fc_"), "call_id": Self.identifier("call_"),
                "name": name, "arguments": arguments, "status": "completed",
            ]
        }
    }

    /// An id with OpenAI's prefix and 48 hex digits.
    static func identifier(_ prefix: String) -> String {
        let hex = (UUID().uuidString + UUID().uuidString).replacingOccurrences(of: "-", with: "").lowercased()
        return prefix + hex.prefix(48)
    }
}
