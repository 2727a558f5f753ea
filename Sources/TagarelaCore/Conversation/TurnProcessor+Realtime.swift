import Foundation
import Logging

/// How a turn's speech-to-speech session ended: with the turn's outcome, or with why the classic pipeline answers.
enum RealtimeResult: Sendable {
    case answered(TurnOutcome)
    case fellBack(VoiceRecord)
}

/// A call held for the contact's yes waits: this turn's words decide it, so the classic pipeline answers.
struct HeldCallWaits: Error {}

extension TurnProcessor {
    /// Answers the turn in one speech-to-speech session. Nothing is sent or stored as the answer unless the whole
    /// session succeeds, so a fallback never repeats what the contact already got; only storage failures throw.
    func realtimeAnswer(
        _ claim: TurnClaim, heard: VoiceInput.Heard, voice: VoiceInput, realtime: RealtimeVoice
    ) async throws -> RealtimeResult {
        let started = ContinuousClock.now
        let responder = realtime.responder
        do {
            async let typing: Void = showTyping(claim)
            let outcome = try await spokenOutcome(
                claim, heard: heard, voice: voice, realtime: realtime, started: started)
            await typing
            return .answered(outcome)
        } catch let error as StorageError {
            throw error
        } catch {
            let reason =
                (error as? SpeechToSpeechError)?.reason ?? (error is HeldCallWaits ? "held_call" : nil)
                ?? (error is VoiceError ? "audio" : "other")
            logger.warning(
                "realtime voice failed; the turn is answered by the classic pipeline",
                metadata: ["turn": "\(claim.turnID)", "reason": "\(reason)", "error": "\(error)"])
            return .fellBack(
                VoiceRecord(
                    messageID: 0, provider: responder.name, model: responder.model,
                    milliseconds: (ContinuousClock.now - started).wholeMilliseconds, error: "\(error)",
                    realtime: reason))
        }
    }

    private func spokenOutcome(
        _ claim: TurnClaim, heard: VoiceInput.Heard, voice: VoiceInput, realtime: RealtimeVoice,
        started: ContinuousClock.Instant
    ) async throws -> TurnOutcome {
        let prepared = try await prepare(claim)
        // The contact's yes or no to a held call is read from the words of this turn, which the classic pipeline
        // has before the model runs; the session hears them only as audio.
        if prepared.tools.tools.contains(where: { $0.kind == .sideEffect(confirm: true) }),
            let held = try await store.heldToolCall(contactID: claim.contact.id, decidedBy: claim.turnID),
            held.turn != claim.turnID
        {
            throw HeldCallWaits()
        }
        let notes = Dictionary(heard.pending.map { ($0.message.id, $0) }, uniquingKeysWith: { first, _ in first })
        var input: [SpeechInput] = []
        for message in claim.messages {
            if let note = notes[message.id] {
                do {
                    input.append(.audio(pcm: try await realtime.converter.pcm(from: note.clip), messageID: message.id))
                } catch {
                    throw SpeechToSpeechError.audio("the voice note did not convert to PCM: \(error)")
                }
            } else if let text = message.text, !text.isEmpty {
                input.append(.text(text))
            }
        }
        let runner = RealtimeToolRunner(tools: prepared.tools, context: prepared.context)
        let request = SpokenTurn(
            instructions: prepared.systemPrompt, history: history(prepared, turn: claim.messages), input: input,
            tools: prepared.tools.definitions, maxToolRounds: prepared.tools.maxSteps,
            maxOutputTokens: realtime.maxOutputTokens, languageHint: realtime.languageHint)
        let answer = try await realtime.responder.answer(request) { calls in await runner.run(calls) }
        let endNotice = await runner.endNotice
        var replies: [OutboundDraft]
        if let endNotice {
            replies = [.notice(endNotice)]
        } else {
            guard !answer.pcm.isEmpty else { throw SpeechToSpeechError.invalidResponse("the answer had no audio") }
            let spokenNotes: [VoiceNote]
            do {
                spokenNotes = try await realtime.notes(from: answer.pcm)
            } catch {
                throw SpeechToSpeechError.audio("the answer did not convert to voice notes: \(error)")
            }
            let transcript = answer.transcript.trimmingCharacters(in: .whitespacesAndNewlines)
            replies = try await VoiceOutput.drafts(
                spokenNotes, saying: transcript, contactID: claim.contact.id, now: timeSource.now(),
                media: realtime.media, linkLifetime: realtime.linkLifetime)
            if realtime.withText {
                let limit = textLimits[claim.contact.replyChannel] ?? 4096
                replies += MessageSplitter.split(WhatsAppFormatter.format(transcript), limit: limit).map(
                    OutboundDraft.notice)
            }
        }
        replies += await runner.progress.confirmations.map(OutboundDraft.notice)
        // What the contact said is stored as their messages' text, from the session's transcript or, where it
        // gave none, from the classic transcriber.
        var heard = heard
        let pending = heard.pending
        heard.pending = []
        for note in pending {
            if let said = answer.heard[note.message.id], !said.trimmingCharacters(in: .whitespaces).isEmpty {
                try await voice.stored(
                    said, of: note, provider: realtime.responder.name, model: realtime.responder.model, store: store,
                    into: &heard)
            } else {
                heard.pending.append(note)
            }
        }
        heard = try await voice.transcribe(heard, store: store, logger: logger)
        replies = echoes(heard.records, of: heard.messages) + replies
        var outcome = record(
            answer, replies: replies, prepared: prepared, heard: heard, realtime: realtime, started: started)
        outcome.record.toolCalls = await runner.progress.calls
        outcome.effects = await runner.context.effects
        return outcome
    }

    /// The conversation before the turn as text: the summary first, the knowledge passages last, as the text
    /// models get them.
    private func history(_ prepared: TurnPreparation, turn: [StoredMessage]) -> [ChatMessage] {
        let turnIDs = Set(turn.map(\.id))
        var history = policy.memory.chatMessages(from: prepared.recent.filter { !turnIDs.contains($0.id) })
        if let block = prepared.summary?.block { history.insert(ChatMessage(role: .system, content: block), at: 0) }
        if let block = prepared.reference.block { history.append(ChatMessage(role: .system, content: block)) }
        return history
    }

    private func record(
        _ answer: SpokenAnswer, replies: [OutboundDraft], prepared: TurnPreparation, heard: VoiceInput.Heard,
        realtime: RealtimeVoice, started: ContinuousClock.Instant
    ) -> TurnOutcome {
        let responder = realtime.responder
        let elapsed = ContinuousClock.now - started
        var record = TurnRecord(
            status: .answered, provider: responder.name, model: responder.model, usage: answer.usage.tokens,
            latency: elapsed)
        record.knowledge = prepared.reference.uses
        if let embedder = knowledge?.embedder, prepared.reference.embeddingTokens > 0 {
            record.embedding = EmbeddingSpend(model: embedder.model, tokens: prepared.reference.embeddingTokens)
            record.usage.inputTokens += prepared.reference.embeddingTokens
        }
        record.voice =
            heard.records + [
                VoiceRecord(
                    messageID: 0, provider: responder.name, model: responder.model, bytes: answer.pcm.count,
                    audioMilliseconds: PCM16.duration(ofBytes: answer.pcm.count).wholeMilliseconds,
                    milliseconds: elapsed.wholeMilliseconds, realtime: "answered")
            ]
        let memory = policy.memory
        let foldThrough = memory.foldThrough(
            history: prepared.history, summarisedThrough: prepared.covered, readLimit: memory.maxMessages,
            turn: heard.messages)
        return TurnOutcome(replies: replies, record: record, foldThrough: foldThrough)
    }
}
