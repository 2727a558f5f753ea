import Foundation
import TagarelaCore
import TagarelaFakes
import TagarelaPostgres
import TagarelaSQLite
import Testing

/// Crashes for real: the `tagarela` binary is killed with SIGKILL and a second one is started on the same database.
@Suite("Crash recovery with kill -9", .serialized, .timeLimit(.minutes(10)))
struct CrashRecoveryTests {
    @Test func messageAcknowledgedBeforeTheCrashIsAnsweredAfterRestart() async throws {
        try await TestWorld.with { world in
            // A long quiet time: the crash comes after the 200 and before any turn started.
            let environment = world.environment(["DEBOUNCE_MS": "1500", "DEBOUNCE_MAX_WAIT_MS": "1500"])
            let first = try await ServerProcess(environment: environment)
            let status = try await first.postWebhook(Webhook.text("Oi, alguém aí?"))
            #expect(status == 200)
            first.kill9()
            #expect(await world.openAI.requestCount() == 0)
            let second = try await ServerProcess(environment: environment)
            defer { second.terminate() }
            let sent = try await world.twilio.waitForSent(count: 1, timeout: .seconds(10))
            #expect(sent[0].to == "whatsapp:+5511987654321")
            try await second.settled()
            #expect(await world.twilio.sent().count == 1)
        }
    }

    /// The restarted server knows its predecessor is dead (nobody holds its instance lock on SQLite, its heartbeat
    /// stopped on PostgreSQL) and takes the turn at once: with the default 60 s turn lease, waiting for it to
    /// expire would blow the test's 30 s patience.
    @Test(arguments: RecoveryCase.enabled)
    func turnInterruptedMidModelCallIsTakenOverAtOnceAndOnce(_ recovery: RecoveryCase) async throws {
        let database =
            recovery.postgres
            ? try await PostgresTestDatabase.createDatabase(on: try PostgresTestDatabase.server()) : nil
        try await TestWorld.with { world in
            await world.openAI.enqueue([.hang])
            // Without INSTANCE_ID each process is named hostname-pid: the successor has another name.
            var settings = recovery.sameInstanceID ? [:] : ["INSTANCE_ID": ""]
            if let database {
                settings["DATABASE_URL"] =
                    "postgres://\(database.username)@\(database.host):\(database.port)/\(database.database ?? "")"
                    + "?sslmode=disable"
            }
            let environment = world.environment(settings)
            let first = try await ServerProcess(environment: environment)
            #expect(try await first.postWebhook(Webhook.text("Qual o horário?")) == 200)
            try await waitUntil { await world.openAI.requestCount() == 1 }
            first.kill9()
            let restarted = ContinuousClock.now
            let second = try await ServerProcess(environment: environment)
            defer { second.terminate() }
            let sent = try await world.twilio.waitForSent(count: 1)
            print("answered \(ContinuousClock.now - restarted) after the restart began (\(recovery))")
            #expect(sent[0].body?.contains("Qual o horário?") == true)
            #expect(await world.openAI.requestCount() == 2)
            try await second.settled()
            #expect(await world.twilio.sent().count == 1)
        }
        if let name = database?.database { try await PostgresTestDatabase.drop(name) }
    }

    @Test func replyAlreadySentIsNotSentAgainAfterACrash() async throws {
        try await TestWorld.with { world in
            let environment = world.environment()
            let message = Webhook.text("Oi")
            let first = try await ServerProcess(environment: environment)
            #expect(try await first.postWebhook(message) == 200)
            _ = try await world.twilio.waitForSent(count: 1)
            first.kill9()
            let second = try await ServerProcess(environment: environment)
            defer { second.terminate() }
            // Twilio redelivers the same message to the new instance: it is known, nothing runs again.
            #expect(try await second.postWebhook(message) == 200)
            try await second.settled()
            #expect(await world.twilio.sent().count == 1)
            #expect(await world.openAI.requestCount() == 1)
        }
    }
}

@Suite("Graceful shutdown and the terminal chat", .serialized, .timeLimit(.minutes(10)))
struct ProcessLifecycleTests {
    @Test func sigtermLetsTheRunningTurnFinishAndSend() async throws {
        try await TestWorld.with { world in
            await world.openAI.enqueue([.delayed(.milliseconds(1500), .text("Resposta sem pressa"))])
            let server = try await ServerProcess(environment: world.environment())
            #expect(try await server.postWebhook(Webhook.text("Oi")) == 200)
            try await waitUntil { await world.openAI.requestCount() == 1 }
            let status = server.terminate()
            #expect(status == 0, "\(server.log)")
            // The turn in flight was answered before the process left.
            #expect(await world.twilio.sent().map(\.body) == ["Resposta sem pressa"])
        }
    }

    @Test func terminalChatUsesThePipelineAndItsMemory() async throws {
        try await TestWorld.with { world in
            await world.openAI.setResponder { request in
                .text("Você disse: \(request.lastUserMessage ?? "") (\(request.messages.count) mensagens)")
            }
            // No channel at all: only a model and the database.
            let environment = [
                "DATABASE_URL": "sqlite://\(world.databasePath)", "OPENAI_BASE_URL": world.openAI.baseURL,
                "OPENAI_API_KEY": "sk-test", "OPENAI_MODEL": "test-model", "SYSTEM_PROMPT": "Teste.",
            ]
            let chat = try ChatProcess(environment: environment, name: "ana")
            defer { chat.close() }
            try chat.type("Oi, eu sou a Ana")
            let first = try await chat.readReply()
            #expect(first == "Você disse: Oi, eu sou a Ana (2 mensagens)")
            try chat.type("Lembra de mim?")
            let second = try await chat.readReply()
            #expect(second == "Você disse: Lembra de mim? (4 mensagens)")
            #expect(chat.finish() == 0)
        }
    }
}

extension ProcessLifecycleTests {
    @Test func backupCopiesTheDatabaseWhileTheServerRuns() async throws {
        try await TestWorld.with { world in
            let environment = world.environment(["DEBOUNCE_MS": "600000", "DEBOUNCE_MAX_WAIT_MS": "600000"])
            let server = try await ServerProcess(environment: environment)
            defer { server.terminate() }
            for index in 0..<20 {
                #expect(try await server.postWebhook(Webhook.text("mensagem \(index)")) == 200)
            }
            let destination = FileManager.default.temporaryDirectory
                .appendingPathComponent("tagarela-backup-\(UUID().uuidString).sqlite").path
            defer { try? FileManager.default.removeItem(atPath: destination) }
            // Webhooks keep arriving while the copy is taken.
            async let more: Void = {
                for index in 20..<40 { _ = try? await server.postWebhook(Webhook.text("mensagem \(index)")) }
            }()
            let (status, output) = try Self.runTagarela(["backup", "--to", destination], environment: environment)
            await more
            #expect(status == 0, "\(output)")
            #expect(output.contains("backed up") && output.contains("integrity ok"))
            let copy = try ConversationSQLiteStore(path: destination)
            let stats = try await copy.stats()
            #expect(stats.contacts == 1 && stats.messagesIn >= 20 && stats.messagesIn <= 40)
            // A backup never overwrites.
            let (again, refusal) = try Self.runTagarela(["backup", "--to", destination], environment: environment)
            #expect(again != 0 && refusal.contains("already exists"))
        }
    }

    /// Runs the `tagarela` binary with `arguments` to completion; its exit status and everything it printed.
    static func runTagarela(_ arguments: [String], environment: [String: String]) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = try ServerProcess.binary
        process.arguments = arguments
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
    }
}

/// The store and the successor's name a crash-recovery test runs with.
struct RecoveryCase: Sendable, CustomTestStringConvertible {
    let postgres: Bool
    let sameInstanceID: Bool

    static var enabled: [RecoveryCase] {
        [false, true].flatMap { postgres in
            [true, false].map { RecoveryCase(postgres: postgres, sameInstanceID: $0) }
        }.filter { !$0.postgres || PostgresTestDatabase.isEnabled }
    }

    var testDescription: String {
        "\(postgres ? "PostgreSQL" : "SQLite"), \(sameInstanceID ? "same INSTANCE_ID" : "another name")"
    }
}
