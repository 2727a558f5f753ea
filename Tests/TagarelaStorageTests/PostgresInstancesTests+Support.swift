import Foundation
import PostgresNIO
import TagarelaCore
import TagarelaFakes
import TagarelaPostgres
import Testing

extension PostgresInstancesTests {
    /// Runs `body` with `count` stores on one fresh database, each with its own pool, as separate instances
    /// would have; drops the database afterwards.
    func withInstances(
        _ count: Int, migrated: Bool = true, _ body: ([ConversationPostgresStore]) async throws -> Void
    ) async throws {
        let database = try await PostgresTestDatabase.createDatabase(on: PostgresTestDatabase.server())
        let stores = (0..<count).map { _ in
            ConversationPostgresStore(settings: database, logger: PostgresTestDatabase.quiet)
        }
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for store in stores {
                    let client = store.client
                    group.addTask { await client.run() }
                }
                // Stopping the pools ends their run() tasks, so the group can finish.
                defer { group.cancelAll() }
                if migrated {
                    try await stores[0].migrate()
                }
                try await body(stores)
            }
        } catch {
            try? await PostgresTestDatabase.drop(database.database ?? "")
            throw error
        }
        try await PostgresTestDatabase.drop(database.database ?? "")
    }

    /// Ingests every message into its store, all at the same time.
    func ingestAtOnce(_ deliveries: [(InboundMessage, ConversationPostgresStore)]) async throws -> [IngestResult] {
        try await withThrowingTaskGroup(of: IngestResult.self) { group in
            for (message, store) in deliveries {
                group.addTask { try await store.ingest(message, at: Fixture.start, schedule: .immediate) }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
    }
}

/// What the outbox workers of several instances sent, and whether any two ever held one contact at once.
actor SendLog {
    private(set) var sent: [Int64: [String]] = [:]
    private(set) var overlaps = 0
    private var inFlight: Set<Int64> = []

    func begin(_ claim: OutboundClaim) {
        if !inFlight.insert(claim.envelope.contactID).inserted { overlaps += 1 }
        sent[claim.envelope.contactID, default: []].append(claim.envelope.text)
    }

    func end(_ claim: OutboundClaim) {
        inFlight.remove(claim.envelope.contactID)
    }
}
