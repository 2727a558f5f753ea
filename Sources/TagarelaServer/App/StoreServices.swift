import Logging
import PostgresNIO
import ServiceLifecycle
import TagarelaCore

/// Runs PostgreSQL's connection pool for as long as the process runs; it stops last.
struct PostgresClientService: Service {
    let client: PostgresClient

    func run() async throws {
        await cancelWhenGracefulShutdown {
            await client.run()
        }
    }
}

/// Wakes this instance's workers when another instance stored a message or a reply. A lost connection is
/// retried; the workers' own polling covers the gap.
struct WorkListener: Service {
    let notifier: any WorkNotifier
    let turns: WorkSignal
    let outbox: WorkSignal
    let logger: Logger

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    try await notifier.listenForWork(turns: { turns.signal() }, outbox: { outbox.signal() })
                } catch {
                    if Task.isCancelled { return }
                    logger.warning("listening for work stopped; retrying", metadata: ["error": "\(error)"])
                }
                try? await Task.sleep(for: .seconds(1))
            }
        }
    }
}
