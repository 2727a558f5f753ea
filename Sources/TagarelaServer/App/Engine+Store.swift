import AsyncHTTPClient
import Logging
import ServiceLifecycle
import TagarelaCore

extension Engine {
    /// Runs `body` on the configured database, opened and migrated as `serve` opens it, and its kept files (bytes
    /// where `MEDIA_STORAGE` says), with what they need running meanwhile (PostgreSQL's pool, the HTTP client of
    /// an S3 bucket): for commands that write to an installation, such as `import-catalogue`. A server may be
    /// running on the same database.
    public static func withStore<Result: Sendable>(
        _ configuration: Configuration, logger: Logger,
        _ body: (any ConversationStore, MediaFiles) async throws -> Result
    ) async throws -> Result {
        try await withStore(configuration, logger: logger) { store, files, _ in try await body(store, files) }
    }

    /// `withStore`, with the HTTP client the command may use too (the embedder of `knowledge add`).
    static func withStore<Result: Sendable>(
        _ configuration: Configuration, logger: Logger,
        _ body: (any ConversationStore, MediaFiles, HTTPClient) async throws -> Result
    ) async throws -> Result {
        let opened = try await makeStore(configuration.database, logger: logger)
        let httpClient = makeHTTPClient(configuration.queue)
        do {
            let files = try makeMediaFiles(configuration, store: opened.store, httpClient: httpClient, logger: logger)
            let result = try await withThrowingTaskGroup(of: Void.self) { group in
                for service in opened.services {
                    group.addTask { try await service.run() }
                }
                defer { group.cancelAll() }
                return try await body(opened.store, files, httpClient)
            }
            try await httpClient.shutdown()
            return result
        } catch {
            try? await httpClient.shutdown()
            throw error
        }
    }
}
