import Foundation
import TagarelaCore

/// What the Realtime API's GA schemas require of each client event (OpenAI's OpenAPI description:
/// `RealtimeClientEventSessionUpdate`, `…ConversationItemCreate`, `…InputAudioBufferAppend`, `…ResponseCreate`).
enum FakeRealtimeRules {
    static let eventTypes: Set<String> = [
        "session.update", "conversation.item.create", "input_audio_buffer.append", "input_audio_buffer.commit",
        "input_audio_buffer.clear", "response.create", "response.cancel",
    ]

    /// Why the real API would refuse `event`; nil when it would take it.
    static func problem(with event: JSONValue) -> String? {
        guard let type = event["type"]?.stringValue else { return "The 'type' field is missing." }
        guard eventTypes.contains(type) else { return "unknown event type \(type)" }
        switch type {
        case "session.update": return session(event["session"])
        case "conversation.item.create": return item(event["item"])
        case "input_audio_buffer.append":
            guard let audio = event["audio"]?.stringValue, let pcm = Data(base64Encoded: audio) else {
                return "input_audio_buffer.append without base64 audio"
            }
            return pcm.isEmpty || pcm.count % 2 != 0 ? "appended audio is not whole 16-bit samples" : nil
        case "response.create":
            if let tokens = event["response"]?["max_output_tokens"], !(1...4096).contains(tokens.intValue ?? 0) {
                return "max_output_tokens must be 1 to 4096"
            }
            return nil
        default: return nil
        }
    }

    private static func session(_ session: JSONValue?) -> String? {
        guard let session else { return "session.update without session" }
        guard session["type"]?.stringValue == "realtime" else { return "session.type must be realtime" }
        if session["model"] != nil { return "the model cannot be changed by session.update" }
        let pcm: JSONValue = ["type": "audio/pcm", "rate": 24_000]
        guard session["audio"]?["input"]?["format"] == pcm, session["audio"]?["output"]?["format"] == pcm else {
            return "audio formats must be audio/pcm at 24000 for this test"
        }
        // A voice note is complete: with server VAD on, the server would answer by itself.
        guard session["audio"]?["input"]?["turn_detection"] == .null else { return "turn_detection must be null" }
        for tool in session["tools"]?.arrayValue ?? [] {
            guard tool["type"]?.stringValue == "function", tool["name"]?.stringValue != nil,
                tool["parameters"]?["type"]?.stringValue == "object"
            else { return "tools must be flat function tools with an object schema" }
        }
        return nil
    }

    private static func item(_ item: JSONValue?) -> String? {
        guard let item else { return "conversation.item.create without item" }
        switch item["type"]?.stringValue {
        case "message":
            let role = item["role"]?.stringValue ?? ""
            let allowed: [String: Set<String>] = [
                "user": ["input_text", "input_audio", "input_image"], "assistant": ["output_text", "output_audio"],
                "system": ["input_text"],
            ]
            guard let kinds = allowed[role] else { return "unknown role \(role)" }
            guard let content = item["content"]?.arrayValue, !content.isEmpty else {
                return "a message without content"
            }
            for part in content {
                guard let kind = part["type"]?.stringValue, kinds.contains(kind) else {
                    return "content type \(part["type"]?.stringValue ?? "(none)") is not allowed for \(role)"
                }
                if kind.hasSuffix("_text"), part["text"]?.stringValue == nil { return "\(kind) without text" }
            }
            return nil
        case "function_call_output":
            guard item["call_id"]?.stringValue != nil, item["output"]?.stringValue != nil else {
                return "function_call_output needs call_id and a string output"
            }
            return nil
        default:
            return "unsupported item type \(item["type"]?.stringValue ?? "(none)")"
        }
    }
}
