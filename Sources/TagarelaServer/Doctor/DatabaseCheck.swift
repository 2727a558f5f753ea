import Foundation
import Logging
import PostgresNIO
import TagarelaPostgres
import TagarelaSQLite

/// The database opens: a SQLite file's directory is writable, PostgreSQL answers; pending migrations are listed,
/// never run.
struct DatabaseCheck: DoctorCheck {
    let database: DatabaseConfiguration
    let name = "database"

    func run(_ context: DoctorContext) async throws -> DoctorOutcome {
        switch database {
        case .sqlite(let path, _):
            return try sqlite(path)
        case .postgres(let settings):
            return try await postgres(settings, timeout: context.timeout)
        }
    }

    private func sqlite(_ path: String) throws -> DoctorOutcome {
        if path == DatabaseConfiguration.inMemoryPath { return .passed("SQLite in memory (nothing is kept)") }
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().path
        let files = FileManager.default
        guard files.isWritableFile(atPath: directory) else {
            return .failed(
                "cannot write in \(directory)",
                fix: "create the directory and let this user write there, or change DATABASE_URL")
        }
        if files.fileExists(atPath: path), !files.isWritableFile(atPath: path) {
            return .failed("\(path) is read-only", fix: "let this user write the file, or change DATABASE_URL")
        }
        guard files.fileExists(atPath: path) else {
            return .passed("SQLite \(path) will be created at the first start")
        }
        let pending = try ConversationSQLiteStore.pendingMigrations(path: path)
        return .passed("SQLite \(path) opens; \(Self.pending(pending))")
    }

    private func postgres(_ settings: PostgresSettings, timeout: Duration) async throws -> DoctorOutcome {
        // Quiet: the pool's retries would print between the doctor's lines.
        let store = ConversationPostgresStore(
            settings: settings, logger: Logger(label: "tagarela.doctor") { _ in SwiftLogNoOpLogHandler() })
        do {
            let pending = try await withThrowingTaskGroup(of: [Int]?.self) { group in
                group.addTask {
                    await store.client.run()
                    return nil
                }
                defer { group.cancelAll() }
                return try await store.pendingMigrations(within: timeout)
            }
            return .passed("PostgreSQL \(settings.redactedURL) answers; \(Self.pending(pending.map(String.init)))")
        } catch {
            return .failed(
                "PostgreSQL \(settings.redactedURL) does not answer: \(error)",
                fix: "start the server or correct DATABASE_URL (host, port, user, password, database)")
        }
    }

    /// `no pending migrations`, or how many and which, applied at the next `tagarela serve`.
    static func pending(_ migrations: [String]) -> String {
        guard !migrations.isEmpty else { return "no pending migrations" }
        return "\(migrations.count) pending migrations (\(migrations.joined(separator: ", "))), "
            + "applied at the next start"
    }
}
