import Logging
import PostgresNIO
import TagarelaCore

/// LISTEN/NOTIFY: an instance that stores a message or a reply tells the workers of every instance at once.
extension ConversationPostgresStore: WorkNotifier {
    /// Notified when a message is stored or a contact released.
    static let turnsChannel = "tagarela_turns"
    /// Notified when replies are put in the outbox.
    static let outboxChannel = "tagarela_outbox"

    public func listenForWork(
        turns: @escaping @Sendable () -> Void, outbox: @escaping @Sendable () -> Void
    ) async throws {
        try await client.withConnection { connection in
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    try await connection.listen(on: Self.turnsChannel) { notifications in
                        for try await _ in notifications { turns() }
                    }
                }
                group.addTask {
                    try await connection.listen(on: Self.outboxChannel) { notifications in
                        for try await _ in notifications { outbox() }
                    }
                }
                try await group.next()
                group.cancelAll()
            }
        }
    }
}
