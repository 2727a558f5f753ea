import Foundation
import Logging

/// Runs one claimed turn: guards, memory, the model, formatting, and the outbox write.
public struct TurnProcessor: Sendable {
    let store:
        any TurnQueue & ContactStore & OutboxStore & MemorySummaryStore & ToolJournalStore
            & ToolConfirmationStore
    let llm: any LLMProvider
    /// The tools the model may call; none by default.
    let tools: ToolRegistry
    /// Hears voice notes; nil answers them with the "unsupported" notice.
    let voice: VoiceInput?
    /// Keeps photos, documents and videos and files photos in the catalogue; nil answers them with the
    /// "unsupported" notice.
    let photos: PhotoInput?
    /// Answers by voice when wanted; nil answers in text.
    let speech: VoiceOutput?
    /// `VOICE_PIPELINE=realtime`: voice notes answered by voice in one speech-to-speech session, the classic
    /// pipeline (`voice`, `llm`, `speech`) answering when it fails; nil for the classic pipeline only.
    let realtime: RealtimeVoice?
    /// The passages of the business's documents each turn is given; nil without a knowledge base.
    let knowledge: KnowledgeBase?
    let policy: TurnPolicy
    /// The longest text each channel takes in one message (UTF-16 code units).
    let textLimits: [ChannelKind: Int]
    /// Channels that can show the contact the answer is being written while the model works.
    let typingIndicators: [ChannelKind: any TypingIndicator]
    let timeSource: any TimeSource
    let logger: Logger

    public init(
        store: any TurnQueue & ContactStore & OutboxStore & MemorySummaryStore & ToolJournalStore
            & ToolConfirmationStore, llm: any LLMProvider,
        tools: ToolRegistry = .none,
        voice: VoiceInput? = nil, photos: PhotoInput? = nil,
        speech: VoiceOutput? = nil, realtime: RealtimeVoice? = nil, knowledge: KnowledgeBase? = nil,
        policy: TurnPolicy,
        textLimits: [ChannelKind: Int], typingIndicators: [ChannelKind: any TypingIndicator] = [:],
        timeSource: any TimeSource, logger: Logger
    ) {
        self.store = store
        self.llm = llm
        self.tools = tools
        self.voice = voice
        self.photos = photos
        self.speech = speech
        self.realtime = realtime
        self.knowledge = knowledge
        self.policy = policy
        self.textLimits = textLimits
        self.typingIndicators = typingIndicators
        self.timeSource = timeSource
        self.logger = logger
    }

    /// Decides what the turn answers. Throws only when storage fails; model failures become the fallback text.
    public func outcome(for claim: TurnClaim) async throws -> TurnOutcome {
        let contact = claim.contact
        guard policy.guards.admits(contact.identity) else {
            return TurnOutcome(replies: [], record: TurnRecord(status: .skipped, note: "contact not admitted"))
        }
        let lastText = claim.messages.last?.text ?? ""
        if policy.guards.isOptOut(lastText) {
            return TurnOutcome(replies: [], record: TurnRecord(status: .skipped, note: "opted out"), optOut: true)
        }
        // Any other message after an opt-out is the contact writing again: they are back in.
        let optIn: Bool? = contact.optedOut ? false : nil
        if contact.handoffAt != nil {
            // A person has the conversation: the messages are kept for them, the bot says nothing.
            return TurnOutcome(
                replies: [], record: TurnRecord(status: .skipped, note: "waiting for a person"), optOut: optIn)
        }
        if let limited = try await rateLimited(claim) {
            return limited
        }
        if let closed = try await outsideHours(claim, optIn: optIn) {
            return closed
        }
        // The kill switch and the budgets come before anything that costs money, transcription included.
        if policy.modelsDisabled {
            return TurnOutcome(
                replies: [.notice(policy.texts.modelsOff)],
                record: TurnRecord(status: .skipped, note: "models disabled (LLM_DISABLED)"), optOut: optIn)
        }
        if var spent = try await overBudget(claim) {
            spent.optOut = optIn
            return spent
        }
        var claim = claim
        var heard = VoiceInput.Heard(messages: claim.messages, failed: [], records: [])
        var fellBack: VoiceRecord?
        if let voice, claim.messages.contains(where: { $0.kind == .audio }) {
            let spoken = realtime.map { wantsRealtime(claim, $0) } ?? false
            heard = try await voice.hear(claim.messages, store: store, logger: logger, transcribing: !spoken)
            claim.messages = heard.messages
            // A note that could not be fetched or measured gets the classic pipeline's notice instead.
            if let realtime, spoken, heard.failed.isEmpty, heard.overQuota.isEmpty, !heard.pending.isEmpty {
                switch try await realtimeAnswer(claim, heard: heard, voice: voice, realtime: realtime) {
                case .answered(var outcome):
                    outcome.optOut = optIn
                    outcome.record.cost = policy.prices.cost(of: outcome.record)
                    return outcome
                case .fellBack(let record):
                    fellBack = record
                }
            }
            heard = try await voice.transcribe(heard, store: store, logger: logger)
            claim.messages = heard.messages
        }
        var kept = PhotoInput.Kept(messages: claim.messages)
        if let photos, claim.messages.contains(where: PhotoInput.keeps) {
            kept = try await photos.keep(claim.messages, queue: store, logger: logger)
            claim.messages = kept.messages
        }
        heard.failed += kept.failed
        heard.overQuota += kept.overQuota
        var outcome = try await decide(claim, heard: heard, optIn: optIn)
        outcome.record.voice = heard.records + outcome.record.voice + (fellBack.map { [$0] } ?? [])
        outcome.record.cost = policy.prices.cost(of: outcome.record)
        return outcome
    }

    /// `VOICE_ECHO_TRANSCRIPT`: what each note heard said, sent back before the answer.
    func echoes(_ records: [VoiceRecord], of messages: [StoredMessage]) -> [OutboundDraft] {
        guard policy.echoTranscripts else { return [] }
        return records.filter { $0.error == nil && $0.realtime == nil }.map { record in
            let text = messages.first { $0.id == record.messageID }?.text ?? ""
            return .notice(policy.texts.voiceEcho.replacingOccurrences(of: "{transcript}", with: text))
        }
    }

    /// Whether the session answers the turn: it is wanted, and no text of it is refused as too long.
    private func wantsRealtime(_ claim: TurnClaim, _ realtime: RealtimeVoice) -> Bool {
        realtime.wanted(for: claim.messages, contact: claim.contact)
            && !claim.messages.contains { ($0.text?.count ?? 0) > policy.guards.maxInboundCharacters }
    }

    /// What the turn's messages, voice notes heard, call for: notices, or the model's answer.
    private func decide(_ claim: TurnClaim, heard: VoiceInput.Heard, optIn: Bool?) async throws -> TurnOutcome {
        let texts = policy.texts
        if claim.messages.contains(where: { ($0.text?.count ?? 0) > policy.guards.maxInboundCharacters }) {
            return TurnOutcome(
                replies: [.notice(texts.tooLong)], record: TurnRecord(status: .skipped, note: "message too long"),
                optOut: optIn)
        }
        var replies: [OutboundDraft] = []
        let failed = Set(heard.failed)
        if claim.messages.contains(where: { failed.contains($0.id) && $0.kind == .audio }) {
            replies.append(.notice(texts.voiceFailed))
        }
        if claim.messages.contains(where: { failed.contains($0.id) && $0.kind != .audio }) {
            replies.append(.notice(texts.mediaFailed))
        }
        if !heard.overQuota.isEmpty { replies.append(.notice(texts.mediaQuota)) }
        replies += echoes(heard.records, of: claim.messages)
        var noticed: Set<MessageKind> = []
        let heardIDs = Set(heard.records.map(\.messageID))
        for message in claim.messages
        where !Self.isAnswerable(message) && !heardIDs.contains(message.id) && !failed.contains(message.id)
            && noticed.insert(message.kind).inserted
        {
            replies.append(.notice(texts.unsupported(message.kind.rawValue)))
        }
        guard claim.messages.contains(where: Self.isAnswerable) else {
            return TurnOutcome(
                replies: replies, record: TurnRecord(status: .skipped, note: "nothing to answer"), optOut: optIn)
        }
        var answer = await answer(claim)
        answer.replies = replies + answer.replies
        answer.optOut = optIn
        return answer
    }

    /// Text, a voice note heard, or a kept photo, document or video: something the model can answer.
    static func isAnswerable(_ message: StoredMessage) -> Bool {
        if PhotoInput.keptKinds.contains(message.kind) { return message.media?.storedID != nil }
        let said = !(message.text ?? "").isEmpty
        return said && (message.kind == .text || (message.kind == .audio && message.media?.transcript != nil))
    }

    /// Past the limit the contact gets one notice per window and no model call.
    private func rateLimited(_ claim: TurnClaim) async throws -> TurnOutcome? {
        let guards = policy.guards
        guard guards.rateLimitMessages > 0 else { return nil }
        let now = timeSource.now()
        let since = now.addingTimeInterval(-guards.rateLimitWindow.timeInterval)
        let count = try await store.inboundCount(contactID: claim.contact.id, since: since)
        guard count > guards.rateLimitMessages else { return nil }
        let record = TurnRecord(status: .skipped, note: "rate limited (\(count) messages)")
        if let until = claim.contact.rateLimitNoticeUntil, until > now {
            return TurnOutcome(replies: [], record: record)
        }
        return TurnOutcome(
            replies: [.notice(policy.texts.rateLimited)], record: record,
            rateLimitNoticeUntil: now.addingTimeInterval(guards.rateLimitWindow.timeInterval))
    }

    /// Past the monthly budget nobody gets the model (the operator is alerted in the log); past its daily
    /// budget a contact gets one notice a day and no model call.
    private func overBudget(_ claim: TurnClaim) async throws -> TurnOutcome? {
        let budgets = policy.budgets
        let now = timeSource.now()
        if budgets.monthlyIsSet {
            let spent = try await store.spending(contactID: nil, since: budgets.monthStart(of: now))
            if let used = TokenBudgets.exceeded(spent, tokens: budgets.monthlyTokens, dollars: budgets.monthlyDollars) {
                logger.error(
                    "monthly budget reached: no model is called until next month",
                    metadata: [
                        "used": "\(used)", "tokens": "\(budgets.monthlyTokens)", "dollars": "\(budgets.monthlyDollars)",
                    ])
                return TurnOutcome(
                    replies: [.notice(policy.texts.modelsOff)],
                    record: TurnRecord(status: .skipped, note: "monthly budget reached (\(used))"))
            }
        }
        guard budgets.dailyIsSet else { return nil }
        let spent = try await store.spending(contactID: claim.contact.id, since: budgets.dayStart(of: now))
        guard
            let used = TokenBudgets.exceeded(
                spent, tokens: budgets.contactDailyTokens, dollars: budgets.contactDailyDollars)
        else { return nil }
        let record = TurnRecord(status: .skipped, note: "daily budget reached (\(used))")
        if let until = claim.contact.budgetNoticeUntil, until > now {
            return TurnOutcome(replies: [], record: record)
        }
        return TurnOutcome(
            replies: [.notice(policy.texts.budgetExceeded)], record: record,
            budgetNoticeUntil: budgets.nextDayStart(after: now))
    }

    /// Asks the model with the contact's memory; a failure becomes the friendly fallback.
    private func answer(_ claim: TurnClaim) async -> TurnOutcome {
        // Shown while the model works, not before it: the call runs beside the model's and is awaited after it
        // (the channel keeps it short and never fails the turn).
        async let typing: Void = showTyping(claim)
        let outcome = await modelAnswer(claim)
        await typing
        return outcome
    }

    private func modelAnswer(_ claim: TurnClaim) async -> TurnOutcome {
        let started = ContinuousClock.now
        do {
            let prepared = try await prepare(claim)
            let (history, reference, summary, covered, recent, tools) = (
                prepared.history, prepared.reference, prepared.summary, prepared.covered, prepared.recent,
                prepared.tools
            )
            let memory = policy.memory
            let images = try await photos?.images(of: claim.messages, logger: logger) ?? []
            let loop = ToolLoop(llm: llm, tools: tools, logger: logger)
            let context = prepared.context
            // Only a registry with a tool that asks for a yes can have held a call: others skip the read.
            var decided: (step: ToolStep, record: ToolCallRecord)?
            if tools.tools.contains(where: { $0.kind == .sideEffect(confirm: true) }) {
                decided = try await context.journal?.decideHeldCall(claim.messages, tools: tools, context: context)
            }
            let answer = try await loop.run(
                systemPrompt: prepared.systemPrompt,
                messages: { shorter in
                    // Our own history is the memory, so a shorter window is always possible.
                    var window = memory
                    if shorter { window.maxTokens = max(1, window.maxTokens / 4) }
                    return window.chatMessages(from: recent).showing(images).withReference(reference.block)
                        .withSummary(summary?.block)
                },
                source: recent, context: context, earlier: decided.map { [$0.step] } ?? [],
                earlierCalls: decided.map { [$0.record] } ?? [])
            var record = TurnRecord(
                status: .answered, provider: answer.provider, model: answer.model, usage: answer.usage,
                latency: ContinuousClock.now - started, toolCalls: answer.calls)
            record.knowledge = reference.uses
            let foldThrough = memory.foldThrough(
                history: history, summarisedThrough: covered, readLimit: memory.maxMessages, turn: claim.messages)
            if let embedder = knowledge?.embedder, reference.embeddingTokens > 0 {
                record.embedding = EmbeddingSpend(model: embedder.model, tokens: reference.embeddingTokens)
                record.usage.inputTokens += reference.embeddingTokens
            }
            if let notice = answer.notice {
                // The operator's cue: the dashboard and alerts come later; the log has it now.
                logger.notice(
                    "contact handed to a person; the bot is silent for them until an operator resumes it",
                    metadata: ["contact": "\(claim.contact.id)", "turn": "\(claim.turnID)"])
                return TurnOutcome(
                    replies: [.notice(notice)], record: record, effects: answer.effects, foldThrough: foldThrough)
            }
            let limit = textLimits[claim.contact.replyChannel] ?? 4096
            let parts = MessageSplitter.split(WhatsAppFormatter.format(answer.text ?? ""), limit: limit)
            guard !parts.isEmpty else {
                return failed(claim, error: LLMError.invalidResponse("empty reply"), started: started)
            }
            var replies = parts.map(OutboundDraft.reply)
            var spokenRecord = record
            if let speech, speech.wanted(for: claim.messages, contact: claim.contact) {
                let spoken = await speech.replies(
                    saying: answer.text ?? "", textParts: replies, contactID: claim.contact.id, now: timeSource.now(),
                    logger: logger)
                replies = spoken.replies
                spokenRecord.voice.append(spoken.record)
            }
            if let photos, !answer.attachments.isEmpty {
                replies += try await photos.outgoing(answer.attachments, contactID: claim.contact.id, logger: logger)
            }
            // Tagarela's own question, after the model's words: the contact confirms exactly the held call.
            replies += answer.confirmations.map(OutboundDraft.notice)
            return TurnOutcome(
                replies: replies, record: spokenRecord, effects: answer.effects, foldThrough: foldThrough)
        } catch {
            return failed(claim, error: error, started: started)
        }
    }

    /// The contact's running summary, when summaries are on; a failure to read it is the turn's failure, like the
    /// history's.
    func runningSummary(contactID: Int64) async throws -> MemorySummary? {
        guard policy.memory.summaryMaxTokens > 0 else { return nil }
        return try await store.memorySummary(contactID: contactID)
    }

    /// Marks the newest message read and shows the typing indicator, where its channel can.
    func showTyping(_ claim: TurnClaim) async {
        guard let message = claim.messages.last, let id = message.providerMessageID,
            let indicator = typingIndicators[message.channel]
        else { return }
        await indicator.showTyping(inReplyTo: id)
    }

    private func failed(_ claim: TurnClaim, error: any Error, started: ContinuousClock.Instant) -> TurnOutcome {
        logger.error(
            "turn failed, sending the fallback",
            metadata: [
                "turn": "\(claim.turnID)", "contact": "\(claim.contact.id)", "provider": "\(llm.name)",
                "error": "\(error)",
            ])
        return TurnOutcome(
            replies: [.notice(policy.texts.fallback)],
            record: TurnRecord(
                status: .failed, provider: llm.name, latency: ContinuousClock.now - started, note: "\(error)"))
    }
}
