import ArgumentParser
import Foundation
import Logging
import TagarelaCopy
import TagarelaServer

/// `tagarela copy-to-postgres`: moves an installation's SQLite database into an empty PostgreSQL database.
struct CopyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "copy-to-postgres",
        abstract: "Copy the SQLite database into an empty PostgreSQL database (stop the server first).",
        discussion: """
            Every contact, message, turn and queued reply is copied with its id. The PostgreSQL database is \
            migrated first and must hold no data; a failed copy leaves it empty, so it can be run again.
            """)

    @Option(help: "The SQLite database (default: DATABASE_URL when it is SQLite, else sqlite://tagarela.sqlite).")
    var from: String?

    @Option(help: "The PostgreSQL database, postgres://USER:PASSWORD@HOST/DB (default: DATABASE_URL or POSTGRES_DB_*).")
    var to: String?

    @Option(help: "A .env file to read instead of ./.env.")
    var envFile: String?

    func run() async throws {
        let endpoints: CopyEndpoints
        do {
            endpoints = try CopyEndpoints.resolve(from: from, to: to) { try loadConfiguration(envFile: envFile) }
        } catch let error as CopyError {
            throw StartupFailure("\(error)")
        }
        // The progress lines are the output; the log says only what goes wrong.
        let logger = LoggingSetup.bootstrap(level: .warning, format: .text)
        // Unbuffered, so a line rewritten in place shows at once.
        let write: @Sendable (String) -> Void = { FileHandle.standardOutput.write(Data($0.utf8)) }
        let printer = CopyProgressPrinter(isTerminal: isatty(STDOUT_FILENO) != 0, write: write)
        write("copying \(endpoints)\n")
        do {
            try await SQLiteToPostgresCopier(endpoints: endpoints, logger: logger, progress: printer.show).run()
        } catch let error as CopyError {
            throw StartupFailure("\(error)")
        } catch {
            throw StartupFailure("copy failed: \(error)")
        }
    }
}
