import Foundation
import PostgresNIO
import Synchronization
import TagarelaFakes
import TagarelaPostgres
import Testing

/// Several `tagarela serve` processes on one PostgreSQL database, as behind a load balancer.
@Suite(
    "Several instances on one PostgreSQL database", .serialized,
    .enabled(if: PostgresTestDatabase.isEnabled, Comment(rawValue: PostgresTestDatabase.skipped)),
    .timeLimit(.minutes(10)))
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
        try await Cluster.with(instances: 3, modelDelay: .milliseconds(200)) { cluster in
            let (contacts, messages) = (40, 15)
            let sent = Progress()
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    try await cluster.send(contacts: contacts, messages: messages) {
                        sent.count.store($0, ordering: .relaxed)
                    }
                }
                group.addTask {
                    // A third of the way in, once instance 2 is in the middle of a turn, it dies; the
                    // balancer drops it.
                    try await waitUntil(timeout: .seconds(300)) {
                        sent.count.load(ordering: .relaxed) >= contacts * messages / 3
                    }
                    try await waitUntil(timeout: .seconds(300)) {
                        try await cluster.count(
                            "SELECT COUNT(*) FROM turns WHERE owner = 'instance-1' AND status = 'running'") > 0
                    }
                    cluster.kill(1)
                }
                try await group.waitForAll()
            }
            try await cluster.expectEveryContactAnsweredOnceInOrder(
                contacts: contacts, messages: messages, timeout: .seconds(60))
            // The turns the dead instance was running were taken over by the others.
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

/// Messages acknowledged so far, shared by the sender and the task that kills an instance.
private final class Progress: Sendable {
    let count = Atomic<Int>(0)
}
