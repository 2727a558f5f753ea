import Dispatch
import Foundation
import GRDB
import Synchronization
import TagarelaCore

/// Group commit for webhooks: messages that arrive while a write is running are stored together in the
/// next transaction, each in its own savepoint. Every caller is answered after the commit that holds its
/// message, so an acknowledgement still means "on disk". One transaction per burst instead of one per
/// message is what lets SQLite keep up with many concurrent webhooks (fewer WAL pages written per message).
final class IngestBatcher: Sendable {
    struct Item {
        var message: InboundMessage
        var at: Date
        var schedule: TurnSchedule
        var continuation: CheckedContinuation<IngestResult, any Error>
    }

    private let writer: any DatabaseWriter
    /// Serial: one batch is written at a time, off the event loops and the cooperative pool.
    private let queue = DispatchQueue(label: "tagarela.sqlite.ingest")
    private let pending = Mutex<[Item]>([])
    /// Bounds one transaction, so a huge burst is not one huge commit.
    private let maxBatch = 512

    init(writer: any DatabaseWriter) {
        self.writer = writer
    }

    func ingest(_ message: InboundMessage, at: Date, schedule: TurnSchedule) async throws -> IngestResult {
        try await withCheckedThrowingContinuation { continuation in
            let first = pending.withLock { pending in
                pending.append(Item(message: message, at: at, schedule: schedule, continuation: continuation))
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
        var results: [Result<IngestResult, any Error>] = []
        do {
            try writer.write { db in
                results = batch.map { item in
                    Result {
                        var result = IngestResult.duplicate(messageID: 0)
                        // A failure of one message (a constraint) must not undo the others of the batch.
                        try db.inSavepoint {
                            result = try ConversationSQLiteStore.ingest(
                                db, item.message, at: item.at, schedule: item.schedule)
                            return .commit
                        }
                        return result
                    }
                }
            }
        } catch {
            results = batch.map { _ in .failure(error) }
        }
        for (item, result) in zip(batch, results) {
            item.continuation.resume(with: result)
        }
    }
}
