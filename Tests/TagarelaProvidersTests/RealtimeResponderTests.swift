import Foundation
import Logging
import TagarelaCore
import TagarelaFakes
import Testing

@testable import TagarelaProviders

/// The Realtime session client against the strict fake Realtime API: what it sends, what it collects, and how
/// each failure surfaces (each one makes the turn fall back to the classic pipeline).
@Suite("OpenAI Realtime session over a WebSocket", .timeLimit(.minutes(3)))
struct RealtimeResponderTests {
    /// One second of a quiet PCM ramp, as a converted voice note would be.
    static let notePCM = Data(
        (0..<24_000).flatMap { index -> [UInt8] in
            let sample = Int16(truncatingIfNeeded: (index % 200) * 40 - 4_000)
            return [UInt8(truncatingIfNeeded: sample), UInt8(truncatingIfNeeded: sample >> 8)]
        })

    /// Timeouts no loaded machine reaches, but for the stall, which only the answer timeout ends.
    static func responder(
        _ fake: FakeRealtime, key: String = FakeRealtime.apiKey, answerTimeout: Duration = .seconds(60)
    ) -> OpenAIRealtimeResponder {
        OpenAIRealtimeResponder(
            baseURL: fake.url, apiKey: key, model: "gpt-realtime", voice: "marin", connectTimeout: .seconds(60),
            answerTimeout: answerTimeout, logger: Logger(label: "realtime-test"))
    }

    static func request(tools: [ToolDefinition] = []) -> SpokenTurn {
        SpokenTurn(
            instructions: "Você é a Tagarela.",
            history: [
                ChatMessage(role: .user, content: "Oi, sou a Ana."),
                ChatMessage(role: .assistant, content: "Olá, Ana!"),
            ],
            input: [.text("Escuta só:"), .audio(pcm: notePCM, messageID: 7)], tools: tools, maxToolRounds: 2,
            maxOutputTokens: 1_500, languageHint: "pt")
    }

    static let noTools: @Sendable ([ToolCall]) async -> ToolRoundOutcome = { _ in ToolRoundOutcome(results: []) }

    @Test("history, text and the note go in order; the tone, both transcripts and the usage come back")
    func answers() async throws {
        try await FakeRealtime.start().whileRunning { fake in
            let answer = try await Self.responder(fake).answer(Self.request(), runTools: Self.noTools)
            let script = FakeRealtime.Script()
            let tone = try await FakeAudio.tone(seconds: script.answerSeconds, format: .pcm(sampleRate: 24_000))
            #expect(answer.pcm == tone)
            #expect(answer.transcript == script.transcript)
            #expect(answer.heard == [7: try #require(script.heard)])
            #expect(
                answer.usage
                    == SpeechUsage(
                        inputTextTokens: 100, inputAudioTokens: 50, outputTextTokens: 10, outputAudioTokens: 40))
            let session = try #require(await fake.sessions().first)
            #expect(session.headers["authorization"] == "Bearer \(FakeRealtime.apiKey)")
            #expect(session.headers["openai-beta"] == nil)
            #expect(session.query["model"] == "gpt-realtime")
            #expect(
                session.types == [
                    "session.update", "conversation.item.create", "conversation.item.create",
                    "conversation.item.create", "input_audio_buffer.append", "input_audio_buffer.commit",
                    "response.create",
                ])
            #expect(session.committedAudio == [Self.notePCM.count])
            let update = session.events[0]["session"]
            #expect(update?["instructions"] == "Você é a Tagarela.")
            #expect(update?["audio"]?["input"]?["transcription"]?["language"] == "pt")
            #expect(session.events[2]["item"]?["content"]?.arrayValue?.first?["type"] == "output_text")
            #expect(session.events[6]["response"]?["max_output_tokens"] == 1_500)
            #expect(await fake.violations().isEmpty)
        }
    }

    @Test("a tool call runs through runTools, its output goes back, and the model then speaks")
    func toolCall() async throws {
        var script = FakeRealtime.Script()
        script.toolCall = (name: "current_time", arguments: #"{"zone":"America/Sao_Paulo"}"#)
        try await FakeRealtime.start(script).whileRunning { fake in
            let tool = ToolDefinition(
                name: "current_time", description: "The time now.",
                properties: ["zone": ["type": "string"]], required: [])
            let calls = CallLog()
            let answer = try await Self.responder(fake).answer(Self.request(tools: [tool])) { toolCalls in
                await calls.add(toolCalls)
                return ToolRoundOutcome(
                    results: toolCalls.map { ToolResult(callID: $0.id, name: $0.name, output: ["time": "10:00"]) })
            }
            let made = await calls.calls
            #expect(made.map(\.name) == ["current_time"])
            #expect(made.first?.arguments == ["zone": "America/Sao_Paulo"])
            #expect(answer.transcript == script.transcript && !answer.pcm.isEmpty)
            let session = try #require(await fake.sessions().first)
            #expect(session.types.filter { $0 == "response.create" }.count == 2)
            let output = try #require(session.events.first { $0["item"]?["type"] == "function_call_output" })
            #expect(output["item"]?["call_id"]?.stringValue == made.first?.id)
            #expect(output["item"]?["output"] == #"{"time":"10:00"}"#)
            #expect(session.events[0]["session"]?["tools"]?.arrayValue?.first?["name"] == "current_time")
            #expect(await fake.violations().isEmpty)
        }
    }

    @Test("each failure of the session is an error with its reason", arguments: FakeRealtime.Failure.allCases)
    func failures(_ failure: FakeRealtime.Failure) async throws {
        var script = FakeRealtime.Script()
        script.failure = failure
        try await FakeRealtime.start(script).whileRunning { fake in
            let error = await #expect(throws: SpeechToSpeechError.self) {
                try await Self.responder(fake, answerTimeout: failure == .stall ? .seconds(1) : .seconds(60))
                    .answer(Self.request(), runTools: Self.noTools)
            }
            let expected: [FakeRealtime.Failure: String] = [
                .refuseUpgrade: "connect", .errorEvent: "error_event", .stall: "timeout", .closeMidAnswer: "closed",
            ]
            #expect(error?.reason == expected[failure])
            #expect(await fake.violations().isEmpty)
        }
    }

    @Test("a wrong key is refused at the upgrade")
    func wrongKey() async throws {
        try await FakeRealtime.start().whileRunning { fake in
            let error = await #expect(throws: SpeechToSpeechError.self) {
                try await Self.responder(fake, key: "sk-wrong").answer(Self.request(), runTools: Self.noTools)
            }
            #expect(error?.reason == "connect")
            #expect(await fake.sessions().first?.upgraded == false)
        }
    }

    @Test("PCM in and out through ffmpeg: the Portuguese note as 24 kHz PCM, PCM back as a voice note")
    func pcmConversion() async throws {
        try await VoiceFixtures.withTemporaryRoot { root in
            let converter = VoiceFixtures.converter(root: root)
            let pcm = try await converter.pcm(from: try VoiceFixtures.portugueseNote())
            // 6.46 s at 48,000 bytes a second.
            #expect((305_000...315_000).contains(pcm.count) && pcm.count % 2 == 0)
            let note = try await converter.voiceNote(fromPCM: pcm)
            try await VoiceFixtures.expectVoiceNotes([note], converter: converter)
            let duration = try #require(note.duration)
            #expect(duration > .seconds(6) && duration < .seconds(7))
        }
    }
}

/// The calls a test's tool runner saw.
private actor CallLog {
    var calls: [ToolCall] = []
    func add(_ more: [ToolCall]) { calls += more }
}
