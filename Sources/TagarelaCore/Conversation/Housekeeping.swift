import Foundation
import Logging
import ServiceLifecycle

/// Periodic chores that keep no state of their own: contacts handed to a person go back to the bot after a quiet
/// while (`HANDOFF_AUTO_RESUME_MINUTES`), and conversations older than the retention are deleted
/// (`RETENTION_DAYS`, checked hourly). Every instance may run it: each chore is one idempotent statement.
public struct Housekeeping: Service {
    public struct Settings: Sendable, Equatable {
        /// How long a handed-off contact stays with a person without any message; nil waits for an operator.
        public var handoffAutoResume: Duration?
        /// How long conversations are kept; nil keeps them.
        public var retention: Duration?
        /// How often the chores run.
        public var interval: Duration

        public init(handoffAutoResume: Duration?, retention: Duration?, interval: Duration = .seconds(60)) {
            self.handoffAutoResume = handoffAutoResume
            self.retention = retention
            self.interval = interval
        }

        /// Whether there is anything to do at all.
        public var hasChores: Bool { handoffAutoResume != nil || retention != nil }
    }

    let store: any AdminQueries
    let settings: Settings
    let timeSource: any TimeSource
    let logger: Logger

    public init(store: any AdminQueries, settings: Settings, timeSource: any TimeSource, logger: Logger) {
        self.store = store
        self.settings = settings
        self.timeSource = timeSource
        self.logger = logger
    }

    public func run() async throws {
        // A service that returns would stop the whole server: without chores, wait for the shutdown.
        guard settings.hasChores else {
            try? await gracefulShutdown()
            return
        }
        var lastPurge: Date?
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            // Takeovers are checked every round; the purge, a scan of old rows, once an hour.
            let now = timeSource.now()
            let purge = lastPurge.map { now.timeIntervalSince($0) >= Self.purgeInterval.timeInterval } ?? true
            await runOnce(purge: purge)
            if purge { lastPurge = now }
            try? await cancelWhenGracefulShutdown { try await timeSource.sleep(for: settings.interval) }
        }
    }

    static let purgeInterval: Duration = .seconds(3600)

    /// One round of chores; a failure is logged and tried again next round.
    public func runOnce(purge: Bool = true) async {
        let now = timeSource.now()
        if let idle = settings.handoffAutoResume {
            do {
                let resumed = try await store.resumeIdleHandoffs(idleSince: now.addingTimeInterval(-idle.timeInterval))
                for id in resumed {
                    logger.notice("contact handed back to the bot after a quiet while", metadata: ["contact": "\(id)"])
                }
            } catch {
                logger.error("could not resume idle handoffs", metadata: ["error": "\(error)"])
            }
        }
        if purge, let retention = settings.retention {
            do {
                let purged = try await store.purge(olderThan: now.addingTimeInterval(-retention.timeInterval))
                if purged != PurgeCounts() {
                    logger.notice(
                        "retention purge",
                        metadata: [
                            "messages": "\(purged.messages)", "turns": "\(purged.turns)", "media": "\(purged.media)",
                        ])
                }
            } catch {
                logger.error("could not purge old conversations", metadata: ["error": "\(error)"])
            }
        }
    }
}
