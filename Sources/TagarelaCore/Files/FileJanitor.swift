import Foundation
import Logging
import ServiceLifecycle

/// Deletes the files outside the database whose records are gone, from the durable `FileDeletionQueue`:
/// at once when signalled (an erasure), else when due; a place that does not answer is tried again later,
/// with a growing wait, for as long as it takes. Several instances may run one: deleting twice is harmless.
public struct FileJanitor: Service {
    let queue: any FileDeletionQueue
    let files: MediaFiles
    let signal: WorkSignal
    let timeSource: any TimeSource
    let logger: Logger

    /// The longest wait between two looks, and between two attempts at a file that cannot be deleted.
    static let pollInterval: Duration = .seconds(60)
    static let longestRetry: Duration = .seconds(3600)

    public init(
        queue: any FileDeletionQueue, files: MediaFiles, signal: WorkSignal, timeSource: any TimeSource, logger: Logger
    ) {
        self.queue = queue
        self.files = files
        self.signal = signal
        self.timeSource = timeSource
        self.logger = logger
    }

    public func run() async throws {
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            do {
                _ = try await deleteDue()
            } catch {
                logger.error("could not read the file deletions", metadata: ["error": "\(error)"])
            }
            let next = (try? await queue.nextFileDeletionDue()) ?? nil
            let latest = timeSource.now().addingTimeInterval(Self.pollInterval.timeInterval)
            try? await cancelWhenGracefulShutdown {
                await signal.wait(until: min(next ?? latest, latest), timeSource: timeSource)
            }
        }
    }

    /// One pass over what is due: returns how many files were deleted.
    @discardableResult
    public func deleteDue(limit: Int = 100) async throws -> Int {
        var deleted = 0
        for deletion in try await queue.dueFileDeletions(now: timeSource.now(), limit: limit) {
            do {
                try await files.deleteFile(at: deletion.location)
                try await queue.finishFileDeletion(id: deletion.id)
                deleted += 1
            } catch let error as StorageError {
                throw error
            } catch {
                let wait = Self.retryDelay(afterAttempts: deletion.attempts + 1)
                logger.warning(
                    "a file could not be deleted yet; trying again later",
                    metadata: ["attempts": "\(deletion.attempts + 1)", "retryIn": "\(wait)", "error": "\(error)"])
                try await queue.postponeFileDeletion(
                    id: deletion.id, retryAt: timeSource.now().addingTimeInterval(wait.timeInterval))
            }
        }
        return deleted
    }

    /// 10 s, doubling, at most an hour.
    public static func retryDelay(afterAttempts attempts: Int) -> Duration {
        min(.seconds(10 * (1 << min(attempts - 1, 12))), longestRetry)
    }
}
