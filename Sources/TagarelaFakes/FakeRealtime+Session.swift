import Foundation
import HummingbirdWebSocket
import NIOWebSocket
import TagarelaCore

/// One upgraded connection of the fake Realtime API: reads the client's events, checks them, answers them.
struct FakeRealtimeSession {
    let index: Int
    let state: FakeRealtime.State
    let script: FakeRealtime.Script
    let outbound: WebSocketOutboundWriter

    /// PCM appended and not yet committed.
    var buffer = 0
    var hasInput = false
    var calledTool = false
    /// The `call_id`s of the calls made, which a `function_call_output` must answer.
    var calls: Set<String> = []
    var items = 0
    var responses = 0

    init(index: Int, state: FakeRealtime.State, script: FakeRealtime.Script, outbound: WebSocketOutboundWriter) {
        self.index = index
        self.state = state
        self.script = script
        self.outbound = outbound
    }

    mutating func run(inbound: WebSocketInboundStream, beta: Bool) async throws {
        if beta {
            try await error(
                "beta_api_shape_disabled",
                "The Realtime Beta API is no longer supported. Please use /v1/realtime for the GA API.")
            try await outbound.close(.unknown(4000), reason: nil)
            return
        }
        try await send(["type": "session.created", "session": ["type": "realtime", "id": "sess_fake"]])
        for try await message in inbound.messages(maxSize: 32 << 20) {
            guard case .text(let text) = message, let event = JSONValue(parsing: text) else {
                try await refuse("invalid_event", "a frame that is not a JSON text event")
                continue
            }
            await state.received(event, in: index)
            if try await !handle(event) { return }
        }
    }

    /// Answers one client event; false once the fake is to drop the connection.
    private mutating func handle(_ event: JSONValue) async throws -> Bool {
        if let problem = FakeRealtimeRules.problem(with: event) {
            try await refuse("invalid_event", problem)
            return true
        }
        switch event["type"]?.stringValue ?? "" {
        case "session.update":
            try await send(["type": "session.updated", "session": event["session"] ?? .null])
        case "conversation.item.create":
            let item = event["item"] ?? .null
            if item["type"]?.stringValue == "function_call_output" {
                guard let callID = item["call_id"]?.stringValue, calls.contains(callID) else {
                    try await refuse("invalid_event", "function_call_output for a call_id that was never made")
                    return true
                }
            }
            if item["role"]?.stringValue == "user" || item["type"]?.stringValue == "function_call_output" {
                hasInput = true
            }
            try await added(item)
        case "input_audio_buffer.append":
            buffer += Data(base64Encoded: event["audio"]?.stringValue ?? "")?.count ?? 0
        case "input_audio_buffer.commit":
            // 100 ms of PCM16 at 24 kHz.
            guard buffer >= 4_800 else {
                try await error(
                    "input_audio_buffer_commit_empty", "Error committing input audio buffer: buffer too small.")
                return true
            }
            await state.committed(buffer, in: index)
            buffer = 0
            hasInput = true
            items += 1
            let id = "item_U\(items)"
            try await send(["type": "input_audio_buffer.committed", "item_id": .string(id)])
            try await added([
                "id": .string(id), "type": "message", "role": "user", "content": [["type": "input_audio"]],
            ])
            if let heard = script.heard {
                try await send(
                    [
                        "type": "conversation.item.input_audio_transcription.completed", "item_id": .string(id),
                        "content_index": 0, "transcript": .string(heard),
                    ])
            }
        case "response.create":
            guard hasInput else {
                try await refuse("invalid_event", "response.create before any input")
                return true
            }
            return try await respond(event["response"] ?? .null)
        default:
            try await refuse("invalid_event", "unknown event type \(event["type"]?.stringValue ?? "(none)")")
        }
        return true
    }

    /// The response `response.create` asked for, or the failure the script names.
    private mutating func respond(_ parameters: JSONValue) async throws -> Bool {
        switch script.failure {
        case .errorEvent:
            try await error(
                "server_error", "The server had an error while processing your request.", type: "server_error")
            return true
        case .stall:
            return true
        default:
            break
        }
        if script.latency > .zero { try await Task.sleep(for: script.latency) }
        responses += 1
        let id = "resp_\(responses)"
        try await send(["type": "response.created", "response": ["id": .string(id), "status": "in_progress"]])
        if let tool = script.toolCall, !calledTool, parameters["tool_choice"]?.stringValue != "none" {
            calledTool = true
            let callID = "call_fake_\(responses)"
            calls.insert(callID)
            try await send(
                [
                    "type": "response.function_call_arguments.done", "response_id": .string(id),
                    "item_id": "item_FC1", "output_index": 0, "call_id": .string(callID), "name": .string(tool.name),
                    "arguments": .string(tool.arguments),
                ])
            try await done(
                id, output: [["type": "function_call", "call_id": .string(callID), "name": .string(tool.name)]],
                audioTokens: 0)
            return true
        }
        let pcm = try await FakeAudio.tone(seconds: script.answerSeconds, format: .pcm(sampleRate: 24_000))
        let base: JSONValue = ["response_id": .string(id), "item_id": "item_A1", "output_index": 0, "content_index": 0]
        func event(_ type: String, _ fields: [String: JSONValue]) -> JSONValue {
            var object = base.objectValue ?? [:]
            object["type"] = .string(type)
            object.merge(fields) { _, new in new }
            return .object(object)
        }
        let words = script.transcript.split(separator: " ", omittingEmptySubsequences: false)
        try await send(
            event(
                "response.output_audio_transcript.delta",
                ["delta": .string(words.prefix(2).joined(separator: " ") + " ")]))
        // Half a second of PCM a delta: 32,000 base64 characters, more than the WebSocket client's default frame.
        var offset = 0
        while offset < pcm.count {
            let end = min(pcm.count, offset + 24_000)
            try await send(
                event(
                    "response.output_audio.delta",
                    ["delta": .string(pcm.subdata(in: offset..<end).base64EncodedString())]))
            if script.failure == .closeMidAnswer {
                try await outbound.close(.unexpectedServerError, reason: "fake closed mid-answer")
                return false
            }
            offset = end
        }
        try await send(
            event(
                "response.output_audio_transcript.delta", ["delta": .string(words.dropFirst(2).joined(separator: " "))])
        )
        try await send(event("response.output_audio.done", [:]))
        try await send(event("response.output_audio_transcript.done", ["transcript": .string(script.transcript)]))
        try await done(
            id,
            output: [
                [
                    "type": "message", "role": "assistant",
                    "content": [["type": "output_audio", "transcript": .string(script.transcript)]],
                ]
            ],
            audioTokens: script.answerSeconds * 20)
        return true
    }

    private func done(_ id: String, output: [JSONValue], audioTokens: Int) async throws {
        try await send(
            [
                "type": "response.done",
                "response": [
                    "id": .string(id), "status": "completed", "output": .array(output),
                    "usage": [
                        "total_tokens": .int(150 + audioTokens + 10), "input_tokens": 150,
                        "output_tokens": .int(audioTokens + 10),
                        "input_token_details": ["text_tokens": 100, "audio_tokens": 50, "cached_tokens": 0],
                        "output_token_details": ["text_tokens": 10, "audio_tokens": .int(audioTokens)],
                    ],
                ],
            ])
    }

    private mutating func added(_ item: JSONValue) async throws {
        items += 1
        var item = item.objectValue ?? [:]
        if item["id"] == nil { item["id"] = .string("item_\(items)") }
        item["status"] = "completed"
        try await send(["type": "conversation.item.added", "item": .object(item)])
        try await send(["type": "conversation.item.done", "item": .object(item)])
    }

    private func refuse(_ code: String, _ message: String) async throws {
        await state.refused(message)
        try await error(code, message)
    }

    private func error(_ code: String, _ message: String, type: String = "invalid_request_error") async throws {
        try await send([
            "type": "error", "error": ["type": .string(type), "code": .string(code), "message": .string(message)],
        ])
    }

    private func send(_ event: JSONValue) async throws {
        try await outbound.write(.text(event.jsonText))
    }
}
