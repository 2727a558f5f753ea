import Foundation
import TagarelaCore

/// One spoken answer over an open Realtime WebSocket: configure the session, give it the history and the turn,
/// ask for a response, run the tools it calls and ask again, and collect the audio, transcripts and usage.
///
/// The order follows OpenAI's Realtime guide (https://platform.openai.com/docs/guides/realtime-conversations):
/// the first server event is `session.created`; items are appended in send order; `response.done` always ends a
/// response. Unknown events and fields are ignored, as the API adds them.
struct RealtimeConversation {
    let request: SpokenTurn
    let voice: String?
    let transcriptionModel: String
    let runTools: @Sendable ([ToolCall]) async -> ToolRoundOutcome
    let send: (JSONValue) async throws -> Void
    /// The next server event, or nil once the server closed the connection.
    let receive: () async throws -> JSONValue?

    /// The voice notes committed and not yet acknowledged, in order: `input_audio_buffer.committed` names the
    /// item each became, which the transcription events refer to.
    private var uncommitted: [Int64] = []
    private var noteItems: [String: Int64] = [:]
    private var heard: [Int64: String] = [:]

    init(
        request: SpokenTurn, voice: String?, transcriptionModel: String,
        runTools: @escaping @Sendable ([ToolCall]) async -> ToolRoundOutcome,
        send: @escaping (JSONValue) async throws -> Void, receive: @escaping () async throws -> JSONValue?
    ) {
        self.request = request
        self.voice = voice
        self.transcriptionModel = transcriptionModel
        self.runTools = runTools
        self.send = send
        self.receive = receive
    }

    mutating func run() async throws -> SpokenAnswer {
        _ = try await next(until: "session.created")
        try await send(
            RealtimeClientEvents.sessionUpdate(request, voice: voice, transcriptionModel: transcriptionModel))
        for message in request.history { try await send(RealtimeClientEvents.message(message)) }
        for part in request.input {
            switch part {
            case .text(let text):
                try await send(RealtimeClientEvents.userText(text))
            case .audio(let pcm, let messageID):
                uncommitted.append(messageID)
                for event in RealtimeClientEvents.audio(pcm) { try await send(event) }
            }
        }
        var answer = SpokenAnswer(pcm: Data(), transcript: "")
        var round = 0
        while true {
            let lastRound = round >= request.maxToolRounds
            try await send(
                RealtimeClientEvents.responseCreate(
                    lastRound: lastRound && !request.tools.isEmpty, maxOutputTokens: request.maxOutputTokens))
            let response = try await collectResponse()
            answer.pcm += response.audio
            if !response.transcript.isEmpty {
                answer.transcript += (answer.transcript.isEmpty ? "" : " ") + response.transcript
            }
            answer.usage = answer.usage + response.usage
            guard !response.calls.isEmpty, !lastRound else { break }
            let outcome = await runTools(response.calls)
            if outcome.endsTurn {
                answer.endedByTool = true
                break
            }
            for result in outcome.results { try await send(RealtimeClientEvents.toolOutput(result)) }
            round += 1
        }
        answer.heard = heard
        return answer
    }

    /// What one response said and asked.
    struct Response {
        var audio = Data()
        var transcript = ""
        var calls: [ToolCall] = []
        var usage = SpeechUsage()
    }

    /// Reads events up to `response.done`; an `error` event, a failed response or a closed connection throw.
    private mutating func collectResponse() async throws -> Response {
        var response = Response()
        var deltas = ""
        var finalTranscript: String?
        while true {
            let event = try await next()
            switch event["type"]?.stringValue {
            case "response.output_audio.delta":
                guard let delta = event["delta"]?.stringValue, let pcm = Data(base64Encoded: delta) else {
                    throw SpeechToSpeechError.invalidResponse("an audio delta that is not base64")
                }
                response.audio += pcm
            case "response.output_audio_transcript.delta":
                deltas += event["delta"]?.stringValue ?? ""
            case "response.output_audio_transcript.done":
                finalTranscript = event["transcript"]?.stringValue
            case "response.function_call_arguments.done":
                guard let callID = event["call_id"]?.stringValue, let name = event["name"]?.stringValue else {
                    throw SpeechToSpeechError.invalidResponse("a function call without call_id or name")
                }
                let arguments = ToolArguments.parse(event["arguments"]?.stringValue ?? "")
                response.calls.append(ToolCall(id: callID, name: name, arguments: arguments))
            case "response.done":
                let done = event["response"] ?? .null
                let status = done["status"]?.stringValue ?? ""
                // `incomplete` because of `max_output_tokens` still has audio worth sending; the rest do not.
                guard status == "completed" || status == "incomplete" else {
                    let detail = done["status_details"]?["error"]?["code"]?.stringValue ?? status
                    throw SpeechToSpeechError.invalidResponse("the response ended \(detail)")
                }
                response.usage = Self.usage(done["usage"])
                response.transcript = (finalTranscript ?? deltas).trimmingCharacters(in: .whitespacesAndNewlines)
                return response
            default:
                continue
            }
        }
    }

    /// The next event, with the events any phase may see handled here: errors end the session, commits and
    /// input transcriptions are noted.
    private mutating func next(until type: String? = nil) async throws -> JSONValue {
        while true {
            guard let event = try await receive() else {
                throw SpeechToSpeechError.closed("the server closed the connection")
            }
            switch event["type"]?.stringValue {
            case "error":
                let error = event["error"] ?? .null
                throw SpeechToSpeechError.server(
                    code: error["code"]?.stringValue, message: error["message"]?.stringValue ?? "no message")
            case "input_audio_buffer.committed":
                if let item = event["item_id"]?.stringValue, !uncommitted.isEmpty {
                    noteItems[item] = uncommitted.removeFirst()
                }
            case "conversation.item.input_audio_transcription.completed":
                if let item = event["item_id"]?.stringValue, let id = noteItems[item] {
                    heard[id] = event["transcript"]?.stringValue
                }
            default:
                break
            }
            if let type, event["type"]?.stringValue != type { continue }
            return event
        }
    }

    /// `response.done`'s usage (`RealtimeResponse.usage`), text and audio apart.
    static func usage(_ usage: JSONValue?) -> SpeechUsage {
        guard let usage else { return SpeechUsage() }
        let input = usage["input_token_details"]
        let output = usage["output_token_details"]
        var spent = SpeechUsage(
            inputTextTokens: input?["text_tokens"]?.intValue ?? 0,
            inputAudioTokens: input?["audio_tokens"]?.intValue ?? 0,
            outputTextTokens: output?["text_tokens"]?.intValue ?? 0,
            outputAudioTokens: output?["audio_tokens"]?.intValue ?? 0)
        // Without details, the totals still count (all as text).
        if spent.tokens == .zero {
            spent.inputTextTokens = usage["input_tokens"]?.intValue ?? 0
            spent.outputTextTokens = usage["output_tokens"]?.intValue ?? 0
        }
        return spent
    }
}
