import Foundation
import TagarelaCore
import TagarelaSQLite

/// A SQLite installation with a history, built through the store's public API: answered and sent turns,
/// a phone number and a business id merged into one contact, an opted-out contact, a reply in flight, an
/// unsent reply, a turn running under a lease and a burst still in its debounce.
struct SQLiteInstallation {
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)
    static let twilio: Set<ChannelKind> = [.twilio]

    let path: String
    let store: ConversationSQLiteStore
    /// Every contact that exists, by name.
    var contacts: [String: Int64] = [:]
    /// The contact merged into Bruno's: its id is gone, but must never be handed out again.
    var mergedAwayID: Int64 = 0
    /// The lease token of the turn left running.
    var runningToken: Int64 = 0

    static func at(_ time: Double) -> Date { t0.addingTimeInterval(time) }
    /// The day the media quota counts Ana's medium in.
    static let mediaDay = t0
    static let catalogueFile = String(repeating: "c", count: 32)
    var catalogueItem: Int64?
    /// The knowledge base's document: three passages, two with an embedding.
    var knowledgeDocument: Int64?

    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("tagarela-copy-\(UUID()).sqlite").path
        store = try ConversationSQLiteStore(path: path)
    }

    /// Deletes the database file and its WAL companions.
    func remove() {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }

    /// Stores a message and returns its contact.
    @discardableResult
    func receive(
        _ text: String, phone: String? = nil, userID: String? = nil, at time: Double,
        schedule: TurnSchedule = .immediate
    ) async throws -> Int64 {
        let identity = ContactIdentity(phone: phone, userID: userID)
        let message = InboundMessage(
            channel: .twilio, providerMessageID: "SM\(UUID().uuidString.prefix(12))", identity: identity,
            replyAddress: "whatsapp:\(phone ?? userID ?? "?")", profileName: "Perfil", content: .text(text))
        guard case .stored(_, let contact) = try await store.ingest(message, at: Self.at(time), schedule: schedule)
        else { throw StorageError.unavailable("not stored") }
        return contact
    }

    /// Claims the one due turn, as `owner`.
    func claim(at time: Double, owner: String = "old-worker") async throws -> TurnClaim {
        let claims = try await store.claimTurns(
            owner: owner, channels: Self.twilio, now: Self.at(time), leaseDuration: .seconds(60), limit: 10)
        guard claims.count == 1, let claim = claims.first else { throw StorageError.unavailable("\(claims.count)") }
        return claim
    }

    func answer(
        _ claim: TurnClaim, _ replies: [String], at time: Double, optOut: Bool? = nil, effects: [ToolEffect] = [],
        foldThrough: Int64? = nil
    ) async throws {
        let calls = effects.map { _ in ToolCallRecord(name: "remember_fact", arguments: "{}", milliseconds: 2) }
        let record = TurnRecord(
            status: .answered, provider: "openai", model: "gpt", usage: TokenUsage(inputTokens: 12, outputTokens: 7),
            latency: .milliseconds(1234), note: optOut == true ? "opted out" : nil, toolCalls: calls)
        let outcome = TurnOutcome(
            replies: replies.map(OutboundDraft.reply), record: record, optOut: optOut,
            rateLimitNoticeUntil: optOut == true ? Self.at(time + 60) : nil, effects: effects,
            foldThrough: foldThrough)
        try await store.completeTurn(claim, outcome: outcome, now: Self.at(time))
    }

    /// Claims the one ready reply and, unless `leaveInFlight`, records it as sent.
    func send(at time: Double, leaveInFlight: Bool = false) async throws {
        let claims = try await store.claimOutbound(
            owner: "old-sender", channels: Self.twilio, now: Self.at(time), leaseDuration: .seconds(60), limit: 10)
        guard claims.count == 1, let claim = claims.first else { throw StorageError.unavailable("\(claims.count)") }
        guard !leaveInFlight else { return }
        try await store.recordSend(claim, result: .sent(providerMessageID: "SMout\(time)"), now: Self.at(time))
    }

    /// Builds the whole history; the copy runs at `at(100)`.
    static func build() async throws -> SQLiteInstallation {
        var installation = try SQLiteInstallation()
        let ana = try await installation.receive("Oi", phone: "+5511900000001", at: 0)
        try await installation.receive("tudo bem?", phone: "+5511900000001", at: 1)
        let anasTurn = try await installation.claim(at: 2)
        // Her turn cancelled an order (a side-effect call, answered) and held another for her yes.
        _ = try await installation.store.beginToolCall(
            ToolJournalEntry(
                fingerprint: "f-ana", idempotencyKey: "k-ana", contactID: ana, tool: "cancel_order",
                arguments: #"{"order":"123"}"#, startedAt: at(2)),
            claim: anasTurn)
        try await installation.store.finishToolCall(
            fingerprint: "f-ana", result: ["cancelled": "123"], failed: false, at: at(2.5))
        try await installation.store.holdToolCall(
            HeldToolCall(
                fingerprint: "h-ana", contactID: ana, turn: anasTurn.messages[0].id, tool: "cancel_order",
                arguments: #"{"order":"124"}"#, heldAt: at(2), expiresAt: at(602)),
            claim: anasTurn)
        try await installation.answer(
            anasTurn, ["Olá!", "Tudo ótimo."], at: 3,
            effects: [.rememberFact("Chama-se Ana."), .rememberFact("Gosta de café."), .rememberFact("Mora em SP.")],
            foldThrough: anasTurn.messages[0].id)
        // Her first message folded into her running summary.
        guard
            let fold = try await installation.store.claimSummaryJobs(
                owner: "old-worker", now: at(3), leaseDuration: .seconds(60), limit: 1
            ).first
        else { throw StorageError.unavailable("no fold") }
        try await installation.store.completeSummaryJob(
            fold, text: "Ana cumprimentou.", through: fold.summary.foldThrough,
            record: TurnRecord(
                status: .answered, provider: "openai", model: "gpt", usage: TokenUsage(inputTokens: 20, outputTokens: 4)
            ),
            now: at(3))
        try await installation.send(at: 4)
        try await installation.send(at: 5)
        try await installation.store.saveProviderConversation(
            ProviderConversation(contactID: ana, provider: "openai", id: "conv_ana", createdAt: at(5), inputTokens: 42))
        // Ana sent one medium of 1 KB today.
        _ = try await installation.store.takeMediaAllowance(
            contactID: ana, bytes: 1024, day: mediaDay, quota: MediaQuota(dailyCount: 10, dailyBytes: 0))
        // Her photo of the cat, kept in her catalogue (its file in the database).
        try await installation.store.saveMedia(
            StoredMedia(
                id: catalogueFile, contactID: ana, contentType: "image/jpeg", bytes: Data([0xFF, 0xD8, 0xFF, 0x00]),
                createdAt: at(3), expiresAt: .distantFuture, isPublic: false),
            purgingBefore: at(3))
        installation.catalogueItem = try await installation.store.addPhotos(
            [NewCataloguePhoto(mediaID: catalogueFile, messageID: nil, contentType: "image/jpeg")], contactID: ana,
            text: CatalogueText(description: "Meu gato", terms: ["gato"]), waitingUntil: nil, now: at(3))?.id
        // The business's delivery rules in the knowledge base: three passages (a batch and a half), two embedded.
        installation.knowledgeDocument = try await installation.store.saveKnowledgeDocument(
            NewKnowledgeDocument(source: "docs/entregas.md", title: "Entregas", contentHash: "abc", byteCount: 90),
            chunks: ["Entregamos em Moema.", "Taxa de R$ 7,00.", "Pedido mínimo de R$ 40,00."].enumerated().map {
                NewKnowledgeChunk(
                    passage: KnowledgePassage(heading: "Entregas", text: $0.element),
                    embedding: $0.offset == 2
                        ? nil
                        : KnowledgeEmbedding(
                            model: "text-embedding-3-small",
                            vector: KnowledgeVector.encode([0.6, -0.8, Float($0.offset)])))
            }, now: at(4)
        ).id
        // Bruno writes by phone, then by business id (a second contact), then with both: one person again.
        let bruno = try await installation.receive("Oi, sou o Bruno", phone: "+5511900000002", at: 10)
        installation.mergedAwayID = try await installation.receive("pelo id", userID: "BR.777", at: 11)
        try await installation.receive("agora com os dois", phone: "+5511900000002", userID: "BR.777", at: 12)
        try await installation.answer(
            try await installation.claim(at: 13), ["Oi, Bruno"], at: 14,
            effects: [.rememberFact("Prefere áudio."), .rememberFact("Cliente desde 2020.")])
        try await installation.send(at: 15)
        _ = try await installation.store.clearMemory(contactID: bruno)
        let otto = try await installation.receive("SAIR", phone: "+5511900000003", at: 20)
        try await installation.answer(try await installation.claim(at: 21), ["Até mais"], at: 22, optOut: true)
        let gil = try await installation.receive("Oi", phone: "+5511900000004", at: 50)
        try await installation.answer(try await installation.claim(at: 51), ["Resposta em voo"], at: 52)
        try await installation.send(at: 53, leaveInFlight: true)
        let dora = try await installation.receive("Oi", phone: "+5511900000005", at: 70)
        try await installation.answer(
            try await installation.claim(at: 71), ["Resposta pendente"], at: 72,
            effects: [.handoff(reason: "pediu uma pessoa")])
        let fabio = try await installation.receive("Pergunta", phone: "+5511900000006", at: 80)
        installation.runningToken = try await installation.claim(at: 80).lease.token
        let debounce = TurnSchedule(debounce: .milliseconds(1500), maxWait: .seconds(5))
        let eva = try await installation.receive("Oi", phone: "+5511900000007", at: 90, schedule: debounce)
        try await installation.receive("ainda aí?", phone: "+5511900000007", at: 90.5, schedule: debounce)
        installation.contacts = [
            "ana": ana, "bruno": bruno, "otto": otto, "gil": gil, "dora": dora, "fabio": fabio, "eva": eva,
        ]
        return installation
    }
}
