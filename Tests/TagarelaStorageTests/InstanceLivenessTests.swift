import Foundation
import TagarelaCore
import TagarelaFakes
import TagarelaPostgres
import TagarelaSQLite
import Testing

@Suite("Instance locks: a live owner is told from a dead one", .timeLimit(.minutes(3)))
struct InstanceLivenessTests {
    enum Kind: String, CaseIterable, Sendable {
        case sqlite, postgres

        static var enabled: [Kind] { PostgresTestDatabase.isEnabled ? allCases : [.sqlite] }
    }

    func withLiveness(_ kind: Kind, _ body: (any InstanceLiveness) async throws -> Void) async throws {
        switch kind {
        case .sqlite:
            let path = FileManager.default.temporaryDirectory
                .appendingPathComponent("tagarela-liveness-\(UUID().uuidString).sqlite").path
            defer { try? FileManager.default.removeItem(atPath: path + ".instances") }
            try await body(SQLiteInstanceLiveness(databasePath: path))
        case .postgres:
            let lazy = LazyPostgresStore(server: try PostgresTestDatabase.server())
            try await body(try await lazy.store)
        }
    }

    @Test(arguments: Kind.enabled)
    func anOwnerIsAliveExactlyWhileItsLockIsHeld(kind: Kind) async throws {
        try await withLiveness(kind) { liveness in
            #expect(try await !liveness.isAlive("instance-a"))
            try await liveness.holding("instance-a") { held in
                #expect(held)
                #expect(try await liveness.isAlive("instance-a"))
                #expect(try await !liveness.isAlive("instance-b"))
                // A second process given the same INSTANCE_ID does not get the lock.
                try await liveness.holding("instance-a") { second in #expect(!second) }
                #expect(try await liveness.isAlive("instance-a"))
            }
            #expect(try await !liveness.isAlive("instance-a"))
        }
    }

    @Test func aDeadOwnersLockFileIsRemovedOnceSeenDead() async throws {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("tagarela-liveness-\(UUID().uuidString).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: path + ".instances") }
        let liveness = SQLiteInstanceLiveness(databasePath: path)
        try await liveness.holding("web-1 / pid 7") { _ in }
        #expect(try FileManager.default.contentsOfDirectory(atPath: path + ".instances").count == 1)
        #expect(try await !liveness.isAlive("web-1 / pid 7"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: path + ".instances").isEmpty)
    }
}
