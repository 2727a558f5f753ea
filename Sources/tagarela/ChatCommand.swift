import ArgumentParser
import Foundation
import Logging
import ServiceLifecycle
import TagarelaCore
import TagarelaServer
import UnixSignals

/// `tagarela chat`: the assistant in the terminal, through the same pipeline, memory and database.
struct ChatCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chat", abstract: "Talk to the assistant in the terminal (no WhatsApp needed).")

    @Option(name: .customLong("as"), help: "Who you are: each name is its own contact with its own memory.")
    var name = "terminal"

    @Option(help: "A .env file to read instead of ./.env.")
    var envFile: String?

    func run() async throws {
        var configuration = try loadConfiguration(envFile: envFile)
        guard configuration.openAI != nil else {
            throw StartupFailure(
                "configuration error: chat needs a model: set OPENAI_API_KEY, or OPENAI_BASE_URL for a local server")
        }
        // The terminal is for the conversation: only problems are logged, and a typed line is answered at once.
        configuration.server.logLevel = max(configuration.server.logLevel, .warning)
        configuration.queue.debounce = .zero
        configuration.queue.debounceMaxWait = .zero
        let logger = LoggingSetup.bootstrap(
            level: configuration.server.logLevel, format: configuration.server.logFormat)
        let engine = try await Engine.build(
            configuration, channels: [.local], dependencies: Dependencies(logger: logger))
        let terminal = TerminalChat(engine: engine, localID: name)
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: engine.services().map { ServiceGroupConfiguration.ServiceConfiguration(service: $0) }
                    + [.init(service: terminal, successTerminationBehavior: .gracefullyShutdownGroup)],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger))
        try await group.run()
    }
}
