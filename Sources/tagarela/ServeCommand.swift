import ArgumentParser
import Foundation
import Hummingbird
import Logging
import TagarelaServer

/// `tagarela serve`: the webhook server, the turn worker and the outbox, on one database.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Run the server (settings come from the environment and ./.env).")

    @Option(help: "A .env file to read instead of ./.env.")
    var envFile: String?

    @Option(help: "all: webhooks and workers; web: webhooks only; worker: turns and replies only.")
    var role: ServerRole = .all

    func run() async throws {
        let configuration = try loadConfiguration(envFile: envFile)
        let logger = LoggingSetup.bootstrap(
            level: configuration.server.logLevel, format: configuration.server.logFormat)
        for warning in configuration.warnings { logger.warning("\(warning)") }
        logger.info("starting Tagarela \(TagarelaVersion.current)")
        for (part, state) in configuration.overview { logger.info("\(part): \(state)") }
        logger.debug("settings", metadata: configuration.summary.mapValues { .string($0) })
        do {
            let application = try await buildApplication(
                configuration, role: role, dependencies: Dependencies(logger: logger))
            try await application.runService()
        } catch let error as StartupError {
            throw StartupFailure("could not start: \(error)")
        } catch {
            logger.critical("stopped: \(error)")
            throw StartupFailure("stopped: \(error)")
        }
    }
}

/// Reads the configuration, turning a bad setting into one clear line and exit status 1.
func loadConfiguration(envFile: String?) throws -> Configuration {
    do {
        return try Configuration.loadFromProcess(dotEnvPath: envFile)
    } catch {
        throw StartupFailure("configuration error: \(error)")
    }
}

/// A start-up problem, printed as one line without a stack of context.
struct StartupFailure: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}

extension ServerRole: ExpressibleByArgument {}
