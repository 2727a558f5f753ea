import Foundation
import TagarelaCore
import Testing

@Suite("Storage: dashboard sessions", .timeLimit(.minutes(3)))
struct StoreAdminSessionsTests {
    @Test(arguments: StoreKind.allCases)
    func instancesRacingToCreateTheSecretAllGetTheSameOne(kind: StoreKind) async throws {
        let store = try kind.make()
        let first = [UInt8](repeating: 1, count: 32)
        let second = [UInt8](repeating: 2, count: 32)
        async let one = store.adminSecret(proposed: first)
        async let other = store.adminSecret(proposed: second)
        let (a, b) = try await (one, other)
        #expect(a == b)
        #expect(a == first || a == second)
        // Once stored, a later proposal changes nothing.
        #expect(try await store.adminSecret(proposed: [UInt8](repeating: 3, count: 32)) == a)
    }

    @Test(arguments: StoreKind.allCases)
    func sessionsLiveUntilTheyExpireOrAreRevoked(kind: StoreKind) async throws {
        let store = try kind.make()
        let hour: TimeInterval = 3600
        let start = Fixture.start
        try await store.recordAdminSession(id: "a", expiresAt: start + hour, purgingBefore: start)
        try await store.recordAdminSession(id: "b", expiresAt: start + hour, purgingBefore: start)
        try await store.recordAdminSession(id: "c", expiresAt: start + 3 * hour, purgingBefore: start)
        #expect(try await store.adminSessionIsLive(id: "a", now: start))
        #expect(try await !store.adminSessionIsLive(id: "unknown", now: start))
        #expect(try await !store.adminSessionIsLive(id: "a", now: start + hour))

        try await store.revokeAdminSession(id: "a")
        #expect(try await !store.adminSessionIsLive(id: "a", now: start))
        #expect(try await store.adminSessionIsLive(id: "b", now: start))
        try await store.revokeAdminSession(id: "a")

        try await store.revokeAllAdminSessions()
        #expect(try await !store.adminSessionIsLive(id: "b", now: start))
        #expect(try await !store.adminSessionIsLive(id: "c", now: start))
    }

    @Test(arguments: StoreKind.allCases)
    func recordingASessionPurgesTheExpiredOnes(kind: StoreKind) async throws {
        let store = try kind.make()
        let start = Fixture.start
        try await store.recordAdminSession(id: "old", expiresAt: start + 60, purgingBefore: start)
        try await store.recordAdminSession(id: "kept", expiresAt: start + 600, purgingBefore: start)
        // Recorded as live far in the past, so only the purge can make it go.
        #expect(try await store.adminSessionIsLive(id: "old", now: start))
        try await store.recordAdminSession(id: "new", expiresAt: start + 900, purgingBefore: start + 120)
        #expect(try await !store.adminSessionIsLive(id: "old", now: start))
        #expect(try await store.adminSessionIsLive(id: "kept", now: start))
        #expect(try await store.adminSessionIsLive(id: "new", now: start))
    }
}
