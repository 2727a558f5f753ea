import Foundation
import TagarelaCore

/// The client events Tagarela sends over a Realtime WebSocket, in the GA shape of OpenAI's OpenAPI description
/// (`RealtimeClientEventSessionUpdate`, `…ConversationItemCreate`, `…InputAudioBufferAppend/Commit`,
/// `…ResponseCreate`).
enum RealtimeClientEvents {
    /// The largest piece of PCM one `input_audio_buffer.append` carries: each event may hold 15 MiB, but a
    /// smaller frame keeps memory flat (1 MiB of PCM is about 22 s of speech).
    static let appendChunkBytes = 1 << 20

    /// Configures the session: audio in and out as PCM 24 kHz, no voice activity detection (a voice note is
    /// complete; with `server_vad` the server would cut it at its pauses and answer by itself), transcription
    /// of the contact's audio, our instructions and tools.
    static func sessionUpdate(
        _ request: SpokenTurn, voice: String?, transcriptionModel: String
    ) -> JSONValue {
        var transcription: [String: JSONValue] = ["model": .string(transcriptionModel)]
        if let language = request.languageHint { transcription["language"] = .string(language) }
        var output: [String: JSONValue] = ["format": pcmFormat]
        if let voice { output["voice"] = .string(voice) }
        var session: [String: JSONValue] = [
            "type": "realtime",
            "instructions": .string(request.instructions),
            "output_modalities": ["audio"],
            "audio": [
                "input": ["format": pcmFormat, "transcription": .object(transcription), "turn_detection": .null],
                "output": .object(output),
            ],
            "max_output_tokens": .int(min(4096, max(1, request.maxOutputTokens))),
        ]
        if !request.tools.isEmpty {
            // Flat function tools, as in the Responses API (`RealtimeFunctionTool`).
            session["tools"] = .array(
                request.tools.map { tool in
                    [
                        "type": "function", "name": .string(tool.name), "description": .string(tool.description),
                        "parameters": tool.parameters,
                    ]
                })
            session["tool_choice"] = "auto"
        }
        return ["type": "session.update", "session": .object(session)]
    }

    static let pcmFormat: JSONValue = ["type": "audio/pcm", "rate": .int(PCM16.sampleRate)]

    /// An earlier message as text; the client cannot create assistant audio, so the assistant's earlier voice
    /// answers go as their transcripts (`output_text`).
    static func message(_ message: ChatMessage) -> JSONValue {
        let part: JSONValue = [
            "type": message.role == .assistant ? "output_text" : "input_text", "text": .string(message.content),
        ]
        return itemCreate(["type": "message", "role": .string(message.role.rawValue), "content": [part]])
    }

    /// What the contact wrote in this turn.
    static func userText(_ text: String) -> JSONValue {
        itemCreate(["type": "message", "role": "user", "content": [["type": "input_text", "text": .string(text)]]])
    }

    /// A voice note through the input buffer, so that the session transcribes it: appended in pieces cut at
    /// whole samples, each base64-encoded on its own, then committed as one user item.
    static func audio(_ pcm: Data) -> [JSONValue] {
        var events: [JSONValue] = []
        var offset = pcm.startIndex
        while offset < pcm.endIndex {
            let end = min(pcm.endIndex, offset + appendChunkBytes)
            let piece = pcm.subdata(in: offset..<end)
            events.append(["type": "input_audio_buffer.append", "audio": .string(piece.base64EncodedString())])
            offset = end
        }
        events.append(["type": "input_audio_buffer.commit"])
        return events
    }

    /// A tool's answer: `output` is a string (`RealtimeConversationItemFunctionCallOutput`).
    static func toolOutput(_ result: ToolResult) -> JSONValue {
        itemCreate(
            [
                "type": "function_call_output", "call_id": .string(result.callID),
                "output": .string(result.output.jsonText),
            ]
        )
    }

    /// Asks for an answer; on the last tool round the model must speak (`tool_choice: none`).
    static func responseCreate(lastRound: Bool, maxOutputTokens: Int) -> JSONValue {
        var response: [String: JSONValue] = ["max_output_tokens": .int(min(4096, max(1, maxOutputTokens)))]
        if lastRound { response["tool_choice"] = "none" }
        return ["type": "response.create", "response": .object(response)]
    }

    private static func itemCreate(_ item: JSONValue) -> JSONValue {
        ["type": "conversation.item.create", "item": item]
    }
}
