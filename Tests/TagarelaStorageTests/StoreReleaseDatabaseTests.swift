import Foundation
import TagarelaCore
import TagarelaFakes
import TagarelaPostgres
import TagarelaSQLite
import Testing

/// Databases the last release wrote open with today's stores, are migrated, and carry on: their conversations
/// read the same, their queue and outbox go on, and new writes land. The SQLite file
/// (`Tests/Fixtures/databases/release-v4.sqlite`) and the PostgreSQL dump (`release-v4.postgres.sql`, a database
/// migrated by that release's own migrations) are made by `scripts/make-release-database` and hold the same rows.
@Suite("Storage: a database written by the last release opens and carries on", .timeLimit(.minutes(3)))
struct StoreReleaseDatabaseTests {
    static let t0 = Date(timeIntervalSince1970: 1_796_000_000)

    enum Release: String, CaseIterable, CustomTestStringConvertible {
        case sqlite, postgres
        var testDescription: String { rawValue }
    }

    /// Today's store opened on a copy of the release's database; `body` runs on it, and the copy is removed.
    func withReleaseStore(_ release: Release, _ body: (any ConversationStore) async throws -> Void) async throws {
        switch release {
        case .sqlite:
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("release-db-\(UUID())")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            let path = directory.appendingPathComponent("tagarela.sqlite")
            try Fixtures.data("databases/release-v4.sqlite").write(to: path)
            try await body(try ConversationSQLiteStore(path: path.path))
        case .postgres:
            guard PostgresTestDatabase.isEnabled else {
                print(PostgresTestDatabase.skipped)
                return
            }
            try await PostgresTestDatabase.withDatabase { settings in
                try Self.restore(Fixtures.data("databases/release-v4.postgres.sql"), into: settings)
                try await PostgresTestDatabase.withStore(settings) { store in
                    try await store.migrate(reachableWithin: .seconds(10))
                    try await body(store)
                }
            }
        }
    }

    /// Loads a plain `pg_dump` with `psql`, as an operator restoring a backup would (started with `Spawn`, not
    /// Foundation's `Process`, whose `run()` can crash on Linux).
    static func restore(_ dump: Data, into settings: PostgresSettings) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("restore-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("dump.sql")
        let errors = directory.appendingPathComponent("errors.txt")
        try dump.write(to: input)
        _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
        var environment = ProcessInfo.processInfo.environment
        if let password = settings.password { environment["PGPASSWORD"] = password }
        let pid = try Spawn.start(
            URL(fileURLWithPath: "/usr/bin/env"),
            [
                "psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", settings.host, "-p", "\(settings.port)", "-U",
                settings.username, "-d", settings.database ?? "", "-f", input.path,
            ], output: nil, errors: errors, environment: environment)
        guard Spawn.waitForExit(pid) == 0 else {
            let message = (try? String(contentsOf: errors, encoding: .utf8)) ?? ""
            throw StorageError.unavailable("psql could not load the release dump: \(message)")
        }
    }

    @Test(arguments: Release.allCases)
    func theConversationsReadAsTheyWereWritten(_ release: Release) async throws {
        try await withReleaseStore(release) { store in
            let ana = try #require(try await store.contact(id: 1))
            #expect(ana.phone == "+5511900000001" && ana.profileName == "Ana")
            #expect(try await store.contact(identityKey: ContactIdentity.phoneKey("+5511900000001"))?.id == 1)
            let messages = try await store.messages(contactID: 1)
            #expect(
                messages.map(\.text) == [
                    "Oi", "Quero marcar uma consulta", "Olá, Ana! Claro.", "Qual dia fica melhor?",
                ])
            #expect(messages[1].media?.transcript == "Quero marcar uma consulta")
            #expect(messages[1].media?.durationMilliseconds == 6500)
            #expect(try await store.facts(contactID: 1).map(\.text) == ["Chama-se Ana."])
            let turn = try #require(try await store.turns(contactID: 1).first)
            #expect(turn.provider == "openai" && turn.model == "gpt-4o-mini")
            #expect(turn.inputTokens == 120 && turn.outputTokens == 30)
            #expect(turn.toolCalls?.contains("remember_fact") == true && turn.voice?.contains("6500") == true)
            #expect(try await store.providerConversation(contactID: 1, provider: "openai")?.id == "conv_ana")
            #expect(
                try await store.media(id: String(repeating: "a", count: 32))?.bytes == Data("OggS fixture note".utf8))
            // Turns of the release have no recorded cost: they count as tokens only.
            let spent = try await store.spending(contactID: 1, since: Self.t0)
            #expect(spent == Spending(tokens: 150, dollars: 0))
            let stats = try await store.stats()
            #expect(stats.contacts == 2 && stats.messagesIn == 3 && stats.messagesOut == 2)
        }
    }

    @Test(arguments: Release.allCases)
    func theQueueAndTheOutboxGoOnAndNewWritesLand(_ release: Release) async throws {
        try await withReleaseStore(release) { store in
            let now = Self.t0.addingTimeInterval(20)
            // The reply left in the outbox is sent next.
            let sends = try await store.claimOutbound(
                owner: "today", channels: [.twilio], now: now, leaseDuration: .seconds(30), limit: 10)
            #expect(sends.map(\.envelope.text) == ["Qual dia fica melhor?"])
            // Bruno's due turn is handed out, with his message.
            let claims = try await store.claimTurns(
                owner: "today", channels: [.twilio], now: now, leaseDuration: .seconds(30), limit: 10)
            let bruno = try #require(claims.first)
            #expect(claims.count == 1 && bruno.contact.id == 2 && bruno.messages.map(\.text) == ["Bom dia"])
            var outcome = TurnOutcome(
                replies: [.reply("Bom dia, Bruno!")],
                record: TurnRecord(status: .answered, provider: "openai", model: "gpt-4o-mini"))
            outcome.record.cost = TurnCost(text: 0.001)
            try await store.completeTurn(bruno, outcome: outcome, now: now)
            #expect(try await store.spending(contactID: 2, since: Self.t0).dollars == 0.001)
            // A new message from Ana is stored and schedules her next turn.
            let result = try await store.ingest(
                InboundMessage(
                    channel: .twilio, providerMessageID: "SM-today", identity: ContactIdentity(phone: "+5511900000001"),
                    replyAddress: "whatsapp:+5511900000001", content: .text("Pode ser amanhã")),
                at: now, schedule: .immediate)
            guard case .stored(_, let contactID) = result else {
                Issue.record("the new message was not stored: \(result)")
                return
            }
            #expect(contactID == 1)
            #expect(
                try await store.takeMediaAllowance(
                    contactID: 1, bytes: 10, day: Self.t0, quota: MediaQuota(dailyCount: 1, dailyBytes: 0)))
            #expect(try await store.messages(contactID: 1).last?.text == "Pode ser amanhã")
        }
    }
}
