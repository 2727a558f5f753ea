import ArgumentParser
import Foundation
import TagarelaSQLite
import TagarelaServer

/// `tagarela backup`: an online copy of the SQLite database, taken while the server runs.
struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Copy the SQLite database while the server keeps running.",
        discussion: """
            The copy is a consistent snapshot (SQLite's backup API), checked for integrity, in one file. \
            For PostgreSQL use pg_dump, e.g. pg_dump --format=custom --file=tagarela.dump "$DATABASE_URL".
            """)

    @Option(help: "The file to write (default: tagarela-backup-<date>-<time>.sqlite beside the database).")
    var to: String?

    @Option(help: "A .env file to read instead of ./.env.")
    var envFile: String?

    func run() async throws {
        let configuration = try loadConfiguration(envFile: envFile)
        guard case .sqlite(let path, _) = configuration.database, path != ":memory:" else {
            throw StartupFailure(
                "tagarela backup copies a SQLite database; for PostgreSQL use pg_dump, e.g. "
                    + "pg_dump --format=custom --file=tagarela.dump \"$DATABASE_URL\"")
        }
        let destination = to ?? Self.defaultDestination(beside: path, at: Date())
        do {
            let summary = try SQLiteBackup.run(from: path, to: destination)
            print(
                "backed up \(path) to \(destination): \(summary.contacts) contacts, \(summary.messages) messages, "
                    + "\(summary.bytes) bytes, integrity ok")
        } catch {
            throw StartupFailure("backup failed: \(error)")
        }
    }

    static func defaultDestination(beside path: String, at date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        return directory.appendingPathComponent("tagarela-backup-\(formatter.string(from: date)).sqlite").path
    }
}
