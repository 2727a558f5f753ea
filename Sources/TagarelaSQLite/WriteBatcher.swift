import Dispatch
import Foundation
import GRDB
import Synchronization

/// Group commit: writes that arrive while a transaction is running are made together in the next one,
/// each in its own savepoint, so one write's failure (a lost lease, a constraint) undoes only that write.
/// Every caller is answered after the commit that holds its write, so a returned write is on disk. One
/// transaction per burst instead of one per write is what lets SQLite keep up with many concurrent
/// webhooks and turns: far fewer WAL pages and commits per write.
final class WriteBatcher: Sendable {
    /// One caller's write: `perform` runs it inside the batch's transaction and returns how to answer the
    /// caller once committed; `abort` answers it when the transaction as a whole failed.
    private struct Item: Sendable {
        var perform: @Sendable (Database) -> @Sendable () -> Void
        var abort: @Sendable (any Error) -> Void
    }

    private let writer: any DatabaseWriter
    /// Told of every commit, so the WAL is copied back in the background rather than inside a commit.
    private let checkpointer: BackgroundCheckpointer?
    /// Serial: one batch is written at a time, off the event loops and the cooperative pool.
    private let queue = DispatchQueue(label: "tagarela.sqlite.writes")
    private let pending = Mutex<[Item]>([])
    /// Bounds one transaction, so a huge burst is not one huge commit.
    private let maxBatch = 512

    init(writer: any DatabaseWriter, checkpointer: BackgroundCheckpointer? = nil) {
        self.writer = writer
        self.checkpointer = checkpointer
    }

    /// Runs `body` in a transaction shared with the writes that arrive meanwhile.
    func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            let item = Item(
                perform: { db in
                    let result = Result { () throws -> T in
                        var value: T?
                        try db.inSavepoint {
                            value = try body(db)
                            return .commit
                        }
                        guard let value else { throw CancellationError() }
                        return value
                    }
                    return { continuation.resume(with: result) }
                },
                abort: { continuation.resume(throwing: $0) })
            let first = pending.withLock { pending in
                pending.append(item)
                return pending.count == 1
            }
            // The first arrival into an empty queue schedules a write; later ones ride along with it.
            if first { queue.async { self.writeBatch() } }
        }
    }

    private func writeBatch() {
        let batch = pending.withLock { pending in
            let batch = Array(pending.prefix(maxBatch))
            pending.removeFirst(batch.count)
            if !pending.isEmpty { queue.async { self.writeBatch() } }
            return batch
        }
        guard !batch.isEmpty else { return }
        do {
            let answers = try writer.write { db in batch.map { $0.perform(db) } }
            checkpointer?.committed()
            for answer in answers { answer() }
        } catch {
            for item in batch { item.abort(error) }
        }
    }
}
