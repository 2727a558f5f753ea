import Foundation
import GRDB
import Synchronization
import TagarelaCopy
import TagarelaCore
import TagarelaFakes
import TagarelaPostgres
import TagarelaServer
import Testing

@testable import TagarelaSQLite

/// A real SQLite installation copied into a fresh PostgreSQL database, then used there.
@Suite(
    "copy-to-postgres: SQLite to PostgreSQL",
    .enabled(if: PostgresTestDatabase.isEnabled, Comment(rawValue: PostgresTestDatabase.skipped)),
    .timeLimit(.minutes(2))
)
struct CopyToPostgresTests {
    typealias Installation = SQLiteInstallation

    @Test func historyAndQueueCarryOverAndASecondCopyIsRefused() async throws {
        let installation = try await Installation.build()
        defer { installation.remove() }
        let sqlite = installation.store
        try await PostgresTestDatabase.withDatabase { settings in
            let events = Mutex<[CopyEvent]>([])
            // Two rows per batch, so every table takes several.
            let copier = SQLiteToPostgresCopier(
                endpoints: CopyEndpoints(sqlitePath: installation.path, postgres: settings), batchSize: 2,
                logger: PostgresTestDatabase.quiet
            ) { event in events.withLock { $0.append(event) } }
            let summary = try await copier.run(now: Installation.at(100))
            try await PostgresTestDatabase.withStore(settings) { postgres in
                #expect(try await postgres.stats() == sqlite.stats())
                for id in installation.contacts.values {
                    let contact = try #require(try await postgres.contact(id: id))
                    #expect(try await sqlite.contact(id: id) == contact)
                    #expect(try await postgres.messages(contactID: id) == sqlite.messages(contactID: id))
                    #expect(try await postgres.facts(contactID: id) == sqlite.facts(contactID: id))
                    #expect(
                        try await postgres.memorySummary(contactID: id) == sqlite.memorySummary(contactID: id))
                    #expect(try await postgres.toolJournal(contactID: id) == sqlite.toolJournal(contactID: id))
                    #expect(try await postgres.heldToolCalls(contactID: id) == sqlite.heldToolCalls(contactID: id))
                    #expect(
                        try await postgres.providerConversation(contactID: id, provider: "openai")
                            == sqlite.providerConversation(contactID: id, provider: "openai"))
                    #expect(
                        try await postgres.history(contactID: id, upTo: .max, limit: 100)
                            == sqlite.history(contactID: id, upTo: .max, limit: 100))
                }
                #expect(try await postgres.contact(id: installation.mergedAwayID) == nil)
                // Ana's medium of the day came along: her quota of two has one left.
                let ana = try #require(installation.contacts["ana"])
                let quota = MediaQuota(dailyCount: 2, dailyBytes: 0)
                let day = SQLiteInstallation.mediaDay
                #expect(try await postgres.takeMediaAllowance(contactID: ana, bytes: 1, day: day, quota: quota))
                #expect(try await !postgres.takeMediaAllowance(contactID: ana, bytes: 1, day: day, quota: quota))
                #expect(try await postgres.contact(id: installation.contacts["otto"]!)?.optedOut == true)
                #expect(try await postgres.memorySummary(contactID: ana)?.text == "Ana cumprimentou.")
                #expect(try await postgres.toolJournal(contactID: ana).first?.result == ["cancelled": "123"])
                #expect(try await postgres.heldToolCalls(contactID: ana).map(\.fingerprint) == ["h-ana"])
                // Her catalogue and its photo's file came along.
                let item = try #require(installation.catalogueItem)
                #expect(try await postgres.catalogueItem(id: item) == sqlite.catalogueItem(id: item))
                #expect(try await postgres.catalogueItems(contactID: ana, matchingAny: ["gato"], limit: 5).count == 1)
                let file = SQLiteInstallation.catalogueFile
                #expect(try await postgres.media(id: file) == sqlite.media(id: file))
                // The knowledge base came along, passages, embeddings and all.
                let document = try #require(installation.knowledgeDocument)
                #expect(try await postgres.knowledgeDocuments() == sqlite.knowledgeDocuments())
                let passages = try await postgres.knowledgeChunks(documentID: document)
                #expect(passages == (try await sqlite.knowledgeChunks(documentID: document)))
                #expect(passages.count == 3 && passages.filter { $0.embedding != nil }.count == 2)
                #expect(try await postgres.knowledgeVersion() == sqlite.knowledgeVersion())
                try await queueCarriesOn(postgres, installation)
                try await newRowsGetNewIDs(postgres, installation)
            }
            try await expectRefusal(copier, settings)
            let seen = events.withLock { $0 }
            let tables = [
                "contacts", "contact_identities", "turns", "messages", "facts", "provider_conversations", "media",
                "media_usage", "catalogue_items", "catalogue_photos", "file_deletions", "knowledge_documents",
                "knowledge_chunks", "memory_summaries", "tool_journal", "held_tool_calls", "webhook_origin",
            ]
            #expect(summary.tables.map(\.table) == tables)
            // Tables of one or two rows are copied in one batch.
            let small = [
                "provider_conversations", "media_usage", "media", "catalogue_items", "catalogue_photos",
                "file_deletions", "knowledge_documents", "memory_summaries", "tool_journal", "held_tool_calls",
                "webhook_origin",
            ]
            for table in tables where !small.contains(table) {
                let final = seen.compactMap { event -> TableProgress? in
                    guard case .progress(let progress) = event, progress.table == table else { return nil }
                    return progress
                }
                #expect(final.last?.isComplete == true)
                #expect(final.last?.copied == summary.tables.first { $0.table == table }?.total)
                #expect(final.count > 2, "\(table) was copied in one batch")
            }
            #expect(seen.last == .finished(summary))
        }
    }

    /// The burst in its debounce and the turn interrupted mid-run are claimable at once; the unsent reply is
    /// claimable, and the one in flight is recovered when its send lease runs out.
    func queueCarriesOn(_ postgres: ConversationPostgresStore, _ installation: Installation) async throws {
        let claims = try await postgres.claimTurns(
            owner: "new", channels: Installation.twilio, now: Installation.at(101), leaseDuration: .seconds(30),
            limit: 10)
        let texts = Dictionary(uniqueKeysWithValues: claims.map { ($0.contact.id, $0.messages.compactMap(\.text)) })
        #expect(
            texts == [
                installation.contacts["eva"]!: ["Oi", "ainda aí?"], installation.contacts["fabio"]!: ["Pergunta"],
            ])
        let fabio = try #require(claims.first { $0.contact.id == installation.contacts["fabio"] })
        #expect(fabio.lease.token > installation.runningToken)
        let ready = try await postgres.claimOutbound(
            owner: "new", channels: Installation.twilio, now: Installation.at(101), leaseDuration: .seconds(30),
            limit: 10)
        #expect(ready.map(\.envelope.text) == ["Resposta pendente"])
        let recovered = try await postgres.claimOutbound(
            owner: "new", channels: Installation.twilio, now: Installation.at(114), leaseDuration: .seconds(30),
            limit: 10)
        #expect(recovered.map(\.envelope.text) == ["Resposta em voo"])
        #expect(recovered.first?.recoveringSince == Installation.at(53))
    }

    /// Sequences start past every id SQLite gave, the merged-away contact's included.
    func newRowsGetNewIDs(_ postgres: ConversationPostgresStore, _ installation: Installation) async throws {
        let message = InboundMessage(
            channel: .twilio, providerMessageID: "SMnew", identity: ContactIdentity(phone: "+5511900000099"),
            replyAddress: "whatsapp:+5511900000099", content: .text("novo por aqui"))
        let result = try await postgres.ingest(message, at: Installation.at(200), schedule: .immediate)
        guard case .stored(let messageID, let contactID) = result else {
            Issue.record("not stored: \(result)")
            return
        }
        var copiedMessages: [Int64] = []
        for id in installation.contacts.values {
            copiedMessages += try await installation.store.messages(contactID: id).map(\.id)
        }
        #expect(messageID > copiedMessages.max() ?? .max)
        #expect(contactID > max(installation.mergedAwayID, installation.contacts.values.max() ?? .max))
        // The knowledge base's sequences moved past the copied rows too: a document added next is a new one.
        let copied = try await postgres.knowledgeVersion()
        let added = try await postgres.saveKnowledgeDocument(
            NewKnowledgeDocument(source: "docs/novo.md", title: "Novo", contentHash: "n", byteCount: 1),
            chunks: [NewKnowledgeChunk(passage: KnowledgePassage(heading: "", text: "novo"), embedding: nil)],
            now: Installation.at(200))
        #expect(added.id > (installation.knowledgeDocument ?? .max))
        #expect(try await postgres.knowledgeChunks(documentID: added.id).first!.id > copied.lastChunkID)
    }

    func expectRefusal(_ copier: SQLiteToPostgresCopier, _ settings: PostgresSettings) async throws {
        let before = try await PostgresTestDatabase.withStore(settings) { try await $0.stats() }
        do {
            try await copier.run()
            Issue.record("a second copy into a non-empty database was allowed")
        } catch CopyError.targetNotEmpty(_, let contacts, let messages, _) {
            #expect(contacts == before.contacts)
            #expect(messages > 0)
        }
        #expect(try await PostgresTestDatabase.withStore(settings) { try await $0.stats() } == before)
    }
}

/// A file written by the version before media, provider timestamps and the reply window (migration v1 only).
@Suite(
    "copy-to-postgres: a file from before migration v2",
    .enabled(if: PostgresTestDatabase.isEnabled, Comment(rawValue: PostgresTestDatabase.skipped)),
    .timeLimit(.minutes(3))
)
struct CopyOlderFileTests {
    @Test func theNewColumnsTakeTheirFallbacks() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("tagarela-v1-\(UUID()).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let queue = try DatabaseQueue(path: path)
        try SQLiteSchema.migrator.migrate(queue, upTo: "v1-conversations")
        try await queue.write { db in
            try db.execute(
                sql: """
                    INSERT INTO contacts (phone, reply_channel, reply_address, first_seen_at, last_seen_at)
                    VALUES ('+5511900000001', 'twilio', 'whatsapp:+5511900000001', 1800000000, 1800000100);
                    INSERT INTO contact_identities (key, contact_id) VALUES ('phone:+5511900000001', 1);
                    INSERT INTO messages (contact_id, direction, channel, provider_message_id, kind, text, created_at,
                        status)
                    VALUES (1, 'in', 'twilio', 'SM1', 'text', 'Oi', 1800000100, 'received');
                    """)
        }
        try await PostgresTestDatabase.withDatabase { settings in
            let copier = SQLiteToPostgresCopier(
                endpoints: CopyEndpoints(sqlitePath: path, postgres: settings), logger: PostgresTestDatabase.quiet
            ) { _ in }
            let summary = try await copier.run()
            #expect(summary.rows == 3)
            // Tables a later migration created are not there to copy.
            #expect(summary.tables.map(\.table) == ["contacts", "contact_identities", "turns", "messages"])
            try await PostgresTestDatabase.withStore(settings) { postgres in
                let contact = try #require(try await postgres.contact(id: 1))
                // The reply window runs from the last time the contact was seen.
                #expect(contact.lastInboundAt == Date(timeIntervalSince1970: 1_800_000_100))
                #expect(contact.budgetNoticeUntil == nil && contact.handoffAt == nil)
                let message = try #require(try await postgres.messages(contactID: 1).first)
                #expect(message.text == "Oi" && message.media == nil && message.errorDetail == nil)
            }
        }
    }
}
