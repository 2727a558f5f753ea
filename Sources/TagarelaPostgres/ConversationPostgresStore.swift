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
    /// Statements sent, for `/metrics` (shared by the copies of this value).
    let counter: RoundTripCounter
    /// Group commit for the usual webhook (shared by the copies of this value).
    let ingestBatcher: IngestBatcher

    public init(client: PostgresClient, logger: Logger, healthTimeout: Duration = .seconds(3)) {
        self.client = client
        self.logger = logger
        self.healthTimeout = healthTimeout
        let counter = RoundTripCounter()
        self.counter = counter
        self.ingestBatcher = IngestBatcher { batch in
            try await Self.storeKnownContacts(batch) { query in
                counter.add()
                return try await client.query(query, logger: logger).collect()
            }
        }
    }

    /// A store with its own pool for `settings`; run ``client`` before using it.
    public init(settings: PostgresSettings, logger: Logger, healthTimeout: Duration = .seconds(3)) {
        self.init(client: settings.makeClient(logger: logger), logger: logger, healthTimeout: healthTimeout)
    }

}
