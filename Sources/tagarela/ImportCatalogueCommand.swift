import ArgumentParser
import Foundation
import Logging
import TagarelaChannels
import TagarelaCore
import TagarelaImport
import TagarelaPostgres
import TagarelaServer

/// `tagarela import-catalogue`: the photo script's catalogue into the configured database.
struct ImportCatalogueCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import-catalogue",
        abstract:
            "Import the photo script's catalogue (table_descricao, table_image_link) into the contacts' catalogues.",
        discussion: """
            Each description's number becomes a contact and each image is downloaded once (https, the hosts the \
            table names, 5 MB at most, checked to be a JPEG, PNG or WebP; a link of a private bucket, a bare key or \
            an s3:// URI is read from the bucket S3_* or BUCKET_NAME name, with the AWS keys), kept where \
            MEDIA_STORAGE says and filed under its description in the database DATABASE_URL names. Safe to run again: photos already imported are skipped. A photo that \
            cannot be downloaded is reported and skipped, and the command then ends with status 1.
            """)

    @Option(
        help: """
            The photo script's PostgreSQL database, postgres://USER:PASSWORD@HOST/DB \
            (default: DATABASE_URL or POSTGRES_DB_* when they name PostgreSQL).
            """)
    var from: String?

    @Option(help: "A .env file to read instead of ./.env.")
    var envFile: String?

    func run() async throws {
        let configuration = try loadConfiguration(envFile: envFile)
        let source: PostgresSettings
        do {
            var configured: PostgresSettings?
            if case .postgres(let settings) = configuration.database { configured = settings }
            source = try CatalogueImporter.source(from: from, configured: configured)
        } catch {
            throw StartupFailure("\(error)")
        }
        // The progress lines are the output; the log says only what goes wrong.
        let logger = LoggingSetup.bootstrap(level: .warning, format: .text)
        // Unbuffered, so a line rewritten in place shows at once.
        let write: @Sendable (String) -> Void = { FileHandle.standardOutput.write(Data($0.utf8)) }
        let printer = ImportProgressPrinter(isTerminal: isatty(STDOUT_FILENO) != 0, write: write)
        write("importing the photo script's catalogue from \(source) into \(configuration.database.redactedURL)\n")
        // A contact imported before they write gets Tagarela's replies on the channel it serves.
        let channel: ChannelKind = configuration.twilio == nil && configuration.meta != nil ? .meta : .twilio
        let summary: ImportSummary
        do {
            summary = try await Engine.withStore(configuration, logger: logger) { store, files in
                try await CatalogueImporter(
                    store: store, files: files,
                    fetcher: OutboundFetcher(allowsLoopback: configuration.server.outboundAllowsLoopback),
                    bucket: CatalogueImporter.bucket(configuration.mediaStorage.s3), replyChannel: channel,
                    report: printer.show
                ).run(from: source, logger: logger)
            }
        } catch let error as ImportError {
            throw StartupFailure("\(error)")
        } catch let error as StartupError {
            throw StartupFailure("\(error)")
        } catch {
            throw StartupFailure("import failed: \(error)")
        }
        if summary.failed {
            throw StartupFailure(
                "\(summary.progress.failed) of \(summary.progress.total) photos were not imported (see above); running "
                    + "the command again imports only what is missing")
        }
    }
}
