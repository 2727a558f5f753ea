import Foundation
import Logging
import PostgresNIO
import TagarelaCore

/// The shared store: PostgreSQL, for several instances on one database. Claims lock their rows with
/// `FOR UPDATE SKIP LOCKED`, so two workers never take the same contact or message at once, and the lease
/// columns fence a worker whose lease ran out, exactly as in the SQLite store. Times are Unix seconds in
/// `DOUBLE PRECISION` columns, so the queue arithmetic is the SQLite store's.
public struct ConversationPostgresStore: ConversationStore {
    /// The connection pool. It serves queries only while its `run()` runs: add it to the `ServiceGroup`.
    public let client: PostgresClient
    let logger: Logger
    /// How long ``checkHealth()`` waits for an answer.
    let healthTimeout: Duration

    public init(client: PostgresClient, logger: Logger, healthTimeout: Duration = .seconds(3)) {
        self.client = client
        self.logger = logger
        self.healthTimeout = healthTimeout
    }

    /// A store with its own pool for `settings`; run ``client`` before using it.
    public init(settings: PostgresSettings, logger: Logger, healthTimeout: Duration = .seconds(3)) {
        self.init(client: settings.makeClient(logger: logger), logger: logger, healthTimeout: healthTimeout)
    }

    public func checkHealth() async throws {
        try await checkHealth(within: healthTimeout)
    }

    /// Fails with `StorageError.unavailable` unless PostgreSQL answers within `limit`: a dead server or a
    /// refused login would otherwise keep the pool retrying for about a minute.
    func checkHealth(within limit: Duration) async throws {
        do {
            try await withTimeout(limit, "PostgreSQL did not answer") { [client, logger] in
                _ = try await client.query("SELECT 1", logger: logger).collect()
            }
        } catch let error as StorageError {
            throw error
        } catch {
            throw StorageError.unavailable(Self.summary(of: error))
        }
    }

    public func contact(id: Int64) async throws -> Contact? {
        try await read("SELECT * FROM contacts WHERE id = \(id)").first.map(Self.contact(from:))
    }

    public func messages(contactID: Int64) async throws -> [StoredMessage] {
        try await read("SELECT * FROM messages WHERE contact_id = \(contactID) ORDER BY id").map(Self.message(from:))
    }

    public func messages(contactID: Int64, window: MessageWindow) async throws -> [StoredMessage] {
        switch window {
        case .newest(let limit, let before):
            let rows = try await read(
                """
                SELECT * FROM messages WHERE contact_id = \(contactID) AND id < \(before ?? .max)
                ORDER BY id DESC LIMIT \(limit)
                """)
            return try rows.reversed().map(Self.message(from:))
        case .after(let after, let limit):
            return try await read(
                "SELECT * FROM messages WHERE contact_id = \(contactID) AND id > \(after) ORDER BY id LIMIT \(limit)"
            ).map(Self.message(from:))
        }
    }

    public func history(contactID: Int64, upTo messageID: Int64, limit: Int) async throws -> [StoredMessage] {
        // Notices (fallbacks, guards) are not memory; cancelled replies never reached the contact; messages
        // before a clearing are kept, but forgotten.
        let rows = try await read(
            """
            SELECT * FROM messages
            WHERE contact_id = \(contactID) AND id <= \(messageID)
              AND id > (SELECT memory_from FROM contacts WHERE id = \(contactID))
              AND (direction = 'in' OR (kind IN ('text', 'voice', 'operator') AND status <> 'cancelled'))
            ORDER BY id DESC LIMIT \(limit)
            """)
        return try rows.reversed().map(Self.message(from:))
    }

    public func inboundCount(contactID: Int64, since: Date) async throws -> Int {
        let rows = try await read(
            """
            SELECT COUNT(*) FROM messages
            WHERE contact_id = \(contactID) AND direction = 'in' AND created_at >= \(since.unixSeconds)
            """)
        return try rows.first?.decode(Int.self) ?? 0
    }
}
