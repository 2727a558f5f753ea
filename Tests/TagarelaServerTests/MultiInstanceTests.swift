import Foundation
import PostgresNIO
import TagarelaFakes
import TagarelaPostgres
import Testing

/// Several `tagarela serve` processes on one PostgreSQL database, as behind a load balancer.
@Suite(
    "Several instances on one PostgreSQL database", .serialized,
    .enabled(if: PostgresTestDatabase.isEnabled, Comment(rawValue: PostgresTestDatabase.skipped)))
struct MultiInstanceTests {
    /// Contacts that each send a numbered series, spread over the instances round-robin.
    static let contacts = 60
    static let messagesPerContact = 20

    @Test func thousandsOfMessagesAreAnsweredOnceAndInOrder() async throws {
        try await Cluster.with(instances: 3) { cluster in
            try await cluster.send(contacts: Self.contacts, messages: Self.messagesPerContact)
            try await cluster.expectEveryContactAnsweredOnceInOrder(
                contacts: Self.contacts, messages: Self.messagesPerContact)
        }
    }

    @Test func killedInstanceLeavesNothingBehind() async throws {
        try await Cluster.with(instances: 3, modelDelay: .milliseconds(40)) { cluster in
            // A third of the way in, instance 2 dies with turns and sends in flight; the balancer drops it.
            let (contacts, messages) = (40, 15)
            try await cluster.send(contacts: contacts, messages: messages) { sent in
                if sent == contacts * messages / 3 { cluster.kill(1) }
            }
            try await cluster.expectEveryContactAnsweredOnceInOrder(
                contacts: contacts, messages: messages, timeout: .seconds(60))
            // The dead instance really had work in flight, which the others took over.
            let abandoned = try await cluster.count(
                "SELECT COUNT(*) FROM turns WHERE owner = 'instance-1' AND status = 'abandoned'")
            #expect(abandoned > 0)
        }
    }

    @Test func instancesStartingTogetherMigrateOnce() async throws {
        try await Cluster.with(instances: 4, startTogether: true) { cluster in
            let versions = try await cluster.appliedMigrations()
            #expect(versions == Array(Set(versions)).sorted())
            #expect(!versions.isEmpty)
            try await cluster.send(contacts: 4, messages: 2)
            try await cluster.expectEveryContactAnsweredOnceInOrder(contacts: 4, messages: 2)
        }
    }
}
