import Foundation
import Logging
import TagarelaFakes
import Testing

@testable import TagarelaCore

/// A voice note through `TurnProcessor` with `VOICE_PIPELINE=realtime`, on the in-memory store with a scripted
/// speech-to-speech model: answered by the session alone, ended by a tool inside it, or answered by the classic
/// pipeline when the session fails.
@Suite("TurnProcessor: voice notes answered speech to speech", .timeLimit(.minutes(3)))
struct RealtimeTurnTests {
    /// Plays `behaviour` and records the requests.
    actor ScriptedSpeech: SpeechToSpeech {
        nonisolated let name = "scripted-realtime"
        nonisolated let model = "realtime-model"
        let behaviour:
            @Sendable (SpokenTurn, @Sendable ([ToolCall]) async -> ToolRoundOutcome) async throws -> SpokenAnswer
        private(set) var requests: [SpokenTurn] = []

        init(
            _ behaviour:
                @escaping @Sendable (SpokenTurn, @Sendable ([ToolCall]) async -> ToolRoundOutcome) async throws
                -> SpokenAnswer
        ) {
            self.behaviour = behaviour
        }

        func answer(
            _ request: SpokenTurn, runTools: @escaping @Sendable ([ToolCall]) async -> ToolRoundOutcome
        ) async throws -> SpokenAnswer {
            requests.append(request)
            return try await behaviour(request, runTools)
        }
    }

    struct Note: MediaSource {
        func download(_ media: MediaAttachment, maxBytes: Int) async throws -> AudioClip {
            AudioClip(bytes: try Fixtures.portugueseVoiceNote(), contentType: "audio/ogg")
        }
    }

    actor Ears: Transcriber {
        nonisolated let name = "classic-ears"
        private(set) var calls = 0
        func transcribe(_ clip: AudioClip, languageHint: String?) async throws -> Transcript {
            calls += 1
            return Transcript(
                text: "Ouvido no clássico.", language: "pt", provider: name, model: "ears", latency: .zero)
        }
    }

    static let handoff = "Uma pessoa já vai te atender."

    static func processor(
        _ store: InMemoryConversationStore, speech: ScriptedSpeech, model: ScriptedModel, ears: Ears,
        echo: Bool = false, tools: [any Tool] = []
    ) -> TurnProcessor {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let media = VoiceOutputTests.Media()
        return TurnProcessor(
            store: store, llm: model, tools: ToolRegistry([HandoffTool(notice: handoff)] + tools),
            voice: VoiceInput(transcriber: ears, sources: [.twilio: Note()], languageHint: "pt"),
            speech: VoiceOutput(
                synthesizer: VoiceOutputTests.Speaker(notes: 1), media: media, mode: .inKind, withText: false,
                linkLifetime: .seconds(3600)),
            realtime: RealtimeVoice(
                responder: speech, converter: RealtimeVoiceTests.Shrinker(), media: media, mode: .inKind,
                withText: false, linkLifetime: .seconds(3600)),
            policy: TurnPolicy(
                systemPrompt: "Você é o assistente.", memory: MemoryWindow(maxTokens: 3000, maxMessages: 40),
                guards: ContactGuards(), texts: TurnWorkerTests.texts, echoTranscripts: echo),
            textLimits: [.twilio: 1600], timeSource: ManualTimeSource(), logger: logger)
    }

    /// A text, then a voice note, in one turn.
    static func claim(_ store: InMemoryConversationStore) async throws -> TurnClaim {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        for content in [
            InboundContent.text("Escuta:"), .media(MediaAttachment(kind: "audio", id: "m1", mimeType: "audio/ogg")),
        ] {
            _ = try await store.ingest(
                InboundMessage(
                    channel: .twilio, providerMessageID: UUID().uuidString,
                    identity: ContactIdentity(phone: "+5511900000001"), replyAddress: "whatsapp:+5511900000001",
                    content: content),
                at: now, schedule: .immediate)
        }
        return try #require(
            try await store.claimTurns(owner: "w", channels: [.twilio], now: now, leaseDuration: .seconds(60), limit: 1)
                .first)
    }

    @Test func theSessionAloneAnswersAndHearsTheNote() async throws {
        let store = InMemoryConversationStore()
        let claim = try await Self.claim(store)
        let noteID = try #require(claim.messages.last?.id)
        let speech = ScriptedSpeech { _, _ in
            SpokenAnswer(
                pcm: Data(count: 48_000), transcript: "Abrimos às nove.", heard: [noteID: "Que horas abrem?"],
                usage: SpeechUsage(
                    inputTextTokens: 100, inputAudioTokens: 60, outputTextTokens: 10, outputAudioTokens: 20))
        }
        let model = ScriptedModel([])
        let ears = Ears()
        let outcome = try await Self.processor(store, speech: speech, model: model, ears: ears, echo: true)
            .outcome(for: claim)
        // VOICE_ECHO_TRANSCRIPT keeps its meaning: what the session heard goes back first.
        #expect(outcome.replies.map(\.kind) == [.notice, .voice])
        #expect(outcome.replies.map(\.text) == ["🎤 Que horas abrem?", "Abrimos às nove."])
        #expect(outcome.record.status == .answered && outcome.record.provider == "scripted-realtime")
        #expect(outcome.record.usage == TokenUsage(inputTokens: 160, outputTokens: 30))
        #expect(outcome.record.voice.contains { $0.realtime == "answered" && $0.audioMilliseconds == 1_000 })
        let request = try #require(await speech.requests.first)
        #expect(request.input.count == 2 && request.input.first == .text("Escuta:"))
        #expect(request.tools.map(\.name) == [HandoffTool.name])
        // Nothing classic was called; the note's words are stored from the session.
        #expect(await ears.calls == 0)
        let asked = await model.requests
        #expect(asked.isEmpty)
        let stored = try await store.history(contactID: claim.contact.id, upTo: noteID, limit: 10)
        #expect(stored.last?.text == "Que horas abrem?")
    }

    @Test func aToolThatEndsTheTurnInsideTheSessionAnswersWithItsNotice() async throws {
        let store = InMemoryConversationStore()
        let claim = try await Self.claim(store)
        let speech = ScriptedSpeech { _, runTools in
            let round = await runTools([ToolCall(id: "c1", name: HandoffTool.name, arguments: ["reason": "pediu"])])
            return SpokenAnswer(pcm: Data(), transcript: "", endedByTool: round.endsTurn)
        }
        let ears = Ears()
        let outcome = try await Self.processor(store, speech: speech, model: ScriptedModel([]), ears: ears)
            .outcome(for: claim)
        #expect(outcome.replies == [.notice(Self.handoff)])
        #expect(outcome.effects.contains { if case .handoff = $0 { true } else { false } })
        #expect(outcome.record.toolCalls.map(\.name) == [HandoffTool.name])
        // The session gave no transcript of the note: the classic transcriber heard it.
        #expect(await ears.calls == 1)
    }

    @Test func aFailedSessionLeavesTheTurnToTheClassicPipelineOnce() async throws {
        let store = InMemoryConversationStore()
        let claim = try await Self.claim(store)
        let speech = ScriptedSpeech { _, _ in throw SpeechToSpeechError.closed("mid-answer") }
        let model = ScriptedModel([ScriptedModel.text("Resposta clássica.")])
        let ears = Ears()
        let outcome = try await Self.processor(store, speech: speech, model: model, ears: ears).outcome(for: claim)
        #expect(outcome.replies.map(\.kind) == [.voice] && outcome.replies.map(\.text) == ["Resposta clássica."])
        #expect(outcome.record.provider == "scripted")
        #expect(outcome.record.voice.contains { $0.realtime == "closed" && $0.error != nil })
        #expect(await ears.calls == 1)
        let asked = await model.requests
        #expect(asked.count == 1)
    }

    @Test func aCallWaitingForTheContactsYesLeavesTheTurnToTheClassicPipeline() async throws {
        let store = InMemoryConversationStore()
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        _ = try await store.ingest(
            InboundMessage(
                channel: .twilio, providerMessageID: "first", identity: ContactIdentity(phone: "+5511900000001"),
                replyAddress: "whatsapp:+5511900000001", content: .text("Cancela o pedido 123")),
            at: now, schedule: .immediate)
        let first = try #require(
            try await store.claimTurns(owner: "w", channels: [.twilio], now: now, leaseDuration: .seconds(60), limit: 1)
                .first)
        try await store.holdToolCall(
            HeldToolCall(
                fingerprint: "f1", contactID: first.contact.id, turn: first.turnID, tool: "cancel_order",
                arguments: #"{"order":"123"}"#, heldAt: now, expiresAt: now.addingTimeInterval(600)),
            claim: first)
        try await store.completeTurn(
            first, outcome: TurnOutcome(replies: [], record: TurnRecord(status: .skipped)), now: now)
        let claim = try await Self.claim(store)
        let speech = ScriptedSpeech { _, _ in SpokenAnswer(pcm: Data(count: 4_800), transcript: "Não devia falar.") }
        let model = ScriptedModel([ScriptedModel.text("Tudo bem, não cancelei.")])
        let outcome = try await Self.processor(
            store, speech: speech, model: model, ears: Ears(), tools: [CountingTool(confirm: true)]
        ).outcome(for: claim)
        #expect(await speech.requests.isEmpty)
        #expect(outcome.record.voice.contains { $0.realtime == "held_call" })
        #expect(outcome.replies.map(\.text) == ["Tudo bem, não cancelei."])
        #expect(outcome.record.toolCalls.map(\.journal) == [.cancelled])
    }
}
