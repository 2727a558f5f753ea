import Foundation
import Synchronization
import TagarelaCore

/// One webhook's message waiting to be stored.
struct PendingIngest: Sendable {
    var message: InboundMessage
    var now: Date
    var schedule: TurnSchedule
}

/// Group commit for PostgreSQL's usual webhook, as the SQLite store's write batcher does for every write:
/// messages that arrive while a batch is being written are stored together by the next one, in one statement
/// (one plan, one commit, one notification instead of one per message). Each caller is answered after the commit
/// that holds its message, with its own result; nil sends it the long way (a new contact, a merge, a redelivery).
final class IngestBatcher: Sendable {
    typealias Write = @Sendable ([PendingIngest]) async throws -> [IngestResult?]

    private struct Waiter: Sendable {
        var ingest: PendingIngest
        var continuation: CheckedContinuation<IngestResult?, any Error>
    }

    private struct State: Sendable {
        var waiting: [Waiter] = []
        var writing = false
    }

    private let state = Mutex(State())
    private let write: Write
    /// Bounds one statement, so a huge burst is not one huge transaction.
    private let maxBatch = 256

    init(write: @escaping Write) {
        self.write = write
    }

    /// Stores `pending` with whatever else is waiting; throws when its batch failed (the caller then stores it
    /// alone, so one bad row never fails the others).
    func ingest(_ pending: PendingIngest) async throws -> IngestResult? {
        try await withCheckedThrowingContinuation { continuation in
            let first = state.withLock { state in
                state.waiting.append(Waiter(ingest: pending, continuation: continuation))
                defer { state.writing = true }
                return !state.writing
            }
            // The first arrival while nothing is being written starts the writer; later ones ride along.
            if first { Task { await self.drain() } }
        }
    }

    private func drain() async {
        while true {
            let batch = state.withLock { state in
                let batch = Array(state.waiting.prefix(maxBatch))
                state.waiting.removeFirst(batch.count)
                if batch.isEmpty { state.writing = false }
                return batch
            }
            guard !batch.isEmpty else { return }
            do {
                let results = try await write(batch.map(\.ingest))
                for (waiter, result) in zip(batch, results) { waiter.continuation.resume(returning: result) }
            } catch {
                for waiter in batch { waiter.continuation.resume(throwing: error) }
            }
        }
    }
}
