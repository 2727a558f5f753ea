import Foundation
import Logging
import Synchronization
import TagarelaPostgres
import TagarelaServer
import Testing

@testable import TagarelaCopy

@Suite("copy-to-postgres: arguments and progress", .timeLimit(.minutes(3)))
struct CopyProgressTests {
    @Test func progressReadsAsCountsAndPercent() {
        #expect("\(TableProgress(table: "contacts", copied: 12_000, total: 12_000))" == "contacts 12,000/12,000 (100%)")
        #expect("\(TableProgress(table: "messages", copied: 999, total: 1_234_567))" == "messages 999/1,234,567 (0%)")
        #expect(TableProgress(table: "turns", copied: 0, total: 0).percent == 100)
        let summary = CopySummary(
            tables: [TableProgress(table: "a", copied: 1_500, total: 1_500)], elapsed: .milliseconds(2_340))
        #expect("\(summary)" == "copied 1,500 rows in 1 tables in 2.3 s")
    }

    @Test func terminalRewritesInPlaceAndLogsGetOneLinePerTable() {
        let events: [CopyEvent] = [
            .progress(TableProgress(table: "contacts", copied: 0, total: 2)),
            .progress(TableProgress(table: "contacts", copied: 2, total: 2)),
            .progress(TableProgress(table: "turns", copied: 0, total: 0)),
        ]
        func output(terminal: Bool) -> String {
            let written = Mutex("")
            let printer = CopyProgressPrinter(isTerminal: terminal) { text in written.withLock { $0 += text } }
            events.forEach(printer.show)
            return written.withLock { $0 }
        }
        #expect(output(terminal: true) == "\rcontacts 0/2 (0%)\rcontacts 2/2 (100%)\n\rturns 0/0 (100%)\n")
        #expect(output(terminal: false) == "contacts 2/2 (100%)\nturns 0/0 (100%)\n")
    }

    @Test func omittedEndpointsComeFromTheConfiguration() throws {
        let configuration = try Configuration.load(environment: ["DATABASE_URL": "postgres://bot:s3cret@db/tagarela"])
        let fromDefault = try CopyEndpoints.resolve(from: nil, to: nil) { configuration }
        #expect(fromDefault.sqlitePath == "tagarela.sqlite")
        #expect(fromDefault.postgres.host == "db")
        #expect(fromDefault.postgres.database == "tagarela")
        let sqlite = try Configuration.load(environment: ["DATABASE_URL": "sqlite:///var/lib/t.sqlite"])
        let explicit = try CopyEndpoints.resolve(from: nil, to: "postgres://u@h/d") { sqlite }
        #expect(explicit.sqlitePath == "/var/lib/t.sqlite")
        #expect(explicit.postgres.database == "d")
        // Both given: the configuration is not even read.
        let both = try CopyEndpoints.resolve(from: "sqlite://x.sqlite", to: "postgres://u@h/d") {
            throw CopyError.invalidEndpoint("read")
        }
        #expect(both.sqlitePath == "x.sqlite")
    }

    @Test func unusableEndpointsAreOneLineWithoutThePassword() throws {
        let sqlite = try Configuration.load(environment: [:])
        #expect(throws: CopyError.self) { try CopyEndpoints.resolve(from: nil, to: nil) { sqlite } }
        #expect(throws: CopyError.self) {
            try CopyEndpoints.resolve(from: "sqlite::memory:", to: "postgres://u@h/d") { sqlite }
        }
        do {
            _ = try CopyEndpoints.resolve(from: "x.sqlite", to: "mysql://u:hunter2@h/d") { sqlite }
            Issue.record("a mysql URL was accepted")
        } catch {
            #expect(!"\(error)".contains("hunter2"))
            #expect("\(error)".hasPrefix("--"))
        }
    }

    @Test func missingSQLiteFileFailsBeforePostgreSQLIsTouched() async throws {
        let endpoints = CopyEndpoints(
            sqlitePath: "/nonexistent/tagarela.sqlite",
            postgres: PostgresSettings(host: "127.0.0.1", port: 1, username: "nobody"))
        let copier = SQLiteToPostgresCopier(endpoints: endpoints, logger: Logger(label: "test"))
        await #expect(throws: CopyError.sourceMissing(path: "/nonexistent/tagarela.sqlite")) {
            try await copier.run()
        }
    }
}
