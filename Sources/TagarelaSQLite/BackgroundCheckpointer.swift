import Dispatch
import Foundation
import GRDB
import Synchronization

/// Copies the WAL back into the database file off the write path. SQLite's own auto-checkpoint runs inside
/// the commit that crosses its threshold, so that commit, and every write queued behind it, waits for the
/// checkpoint's fsync: the tail of the webhook latency. Here a connection of its own does a passive
/// checkpoint (it never waits for readers or the writer) in the background, at most every `interval`.
final class BackgroundCheckpointer: Sendable {
    private let connection: DatabaseQueue
    private let queue = DispatchQueue(label: "tagarela.sqlite.checkpoint", qos: .utility)
    private let interval: Duration
    private let state = Mutex<(running: Bool, last: ContinuousClock.Instant)>((false, .now))

    /// The writer keeps SQLite's own auto-checkpoint only as a safety net this far out (pages of 4 KiB).
    static let safetyNetPages = 16_384

    init(path: String, interval: Duration = .milliseconds(250)) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        connection = try DatabaseQueue(path: path, configuration: configuration)
        self.interval = interval
    }

    /// Called after every commit: starts a checkpoint unless one runs or the last one is recent.
    func committed() {
        let now = ContinuousClock.now
        let start = state.withLock { state in
            guard !state.running, now - state.last >= interval else { return false }
            state = (true, now)
            return true
        }
        guard start else { return }
        queue.async {
            // A failure (the file is busy, say) is harmless: the next commit tries again.
            _ = try? self.connection.writeWithoutTransaction { db in try db.checkpoint(.passive) }
            self.state.withLock { $0.running = false }
        }
    }
}
