import Foundation
import TagarelaCore
import Testing

@Suite("Storage: the leases of a dead instance end at once, still fenced", .timeLimit(.minutes(3)))
struct StoreLeaseOwnersTests {
    @Test(arguments: StoreKind.allCases)
    func aDeadOwnersTurnAndSendAreTakenOverAndItsLateWritesRefused(kind: StoreKind) async throws {
        let store = try kind.make()
        let leases = try #require(store as? any LeaseOwnerStore)
        let now = Fixture.start
        // One contact with a reply waiting to go out, claimed for sending by the instance that will die…
        _ = try await store.ingest(Fixture.text("Oi", from: "+551100000001"), at: now, schedule: .immediate)
        let answered = try #require(
            try await store.claimTurns(
                owner: "dead", channels: Fixture.twilio, now: now, leaseDuration: .seconds(60), limit: 1
            ).first)
        try await store.completeTurn(answered, outcome: Fixture.answered(["Olá!"]), now: now)
        let send = try #require(
            try await store.claimOutbound(
                owner: "dead", channels: Fixture.twilio, now: now, leaseDuration: .seconds(60), limit: 1
            ).first)
        // …a second contact whose turn it is running, and a third whose turn a live instance runs.
        _ = try await store.ingest(Fixture.text("Tudo bem?", from: "+551100000002"), at: now, schedule: .immediate)
        let running = try #require(
            try await store.claimTurns(
                owner: "dead", channels: Fixture.twilio, now: now, leaseDuration: .seconds(60), limit: 1
            ).first)
        _ = try await store.ingest(Fixture.text("Bom dia", from: "+551100000003"), at: now, schedule: .immediate)
        let alive = try #require(
            try await store.claimTurns(
                owner: "alive", channels: Fixture.twilio, now: now, leaseDuration: .seconds(60), limit: 1
            ).first)
        #expect(try await leases.leaseOwners(now: now) == ["dead", "alive"])

        #expect(try await leases.expireLeases(ownedBy: ["dead"], now: now) == 2)
        #expect(try await leases.leaseOwners(now: now) == ["alive"])
        // Another instance takes both at once, long before the 60 s leases would have run out…
        let takenTurns = try await store.claimTurns(
            owner: "new", channels: Fixture.twilio, now: now, leaseDuration: .seconds(60), limit: 10)
        #expect(takenTurns.map(\.contact.id) == [running.contact.id])
        let takenSends = try await store.claimOutbound(
            owner: "new", channels: Fixture.twilio, now: now, leaseDuration: .seconds(60), limit: 10)
        #expect(takenSends.map(\.envelope.messageID) == [send.envelope.messageID])
        #expect(takenSends.first?.recoveringSince != nil)
        // …and whatever the dead one still writes is refused by the lease tokens (a send the provider took is
        // recorded whoever holds the lease: that is how it is never sent twice).
        await #expect(throws: StorageError.leaseLost) {
            try await store.completeTurn(running, outcome: Fixture.answered(["tarde demais"]), now: now)
        }
        await #expect(throws: StorageError.leaseLost) {
            try await store.recordSend(send, result: .retry(at: now, reason: "429"), now: now)
        }
        // The live instance's lease was not touched.
        try await store.completeTurn(alive, outcome: Fixture.answered(["Bom dia!"]), now: now)
    }

    @Test(arguments: StoreKind.allCases)
    func expiredLeasesAndOtherOwnersAreLeftAlone(kind: StoreKind) async throws {
        let store = try kind.make()
        let leases = try #require(store as? any LeaseOwnerStore)
        _ = try await store.ingest(Fixture.text("Oi"), at: Fixture.start, schedule: .immediate)
        _ = try await store.claimTurns(
            owner: "old", channels: Fixture.twilio, now: Fixture.start, leaseDuration: .seconds(10), limit: 1)
        let later = Fixture.start.addingTimeInterval(11)
        #expect(try await leases.leaseOwners(now: later).isEmpty)
        #expect(try await leases.expireLeases(ownedBy: ["old", "nobody"], now: later) == 0)
        #expect(try await leases.expireLeases(ownedBy: [], now: later) == 0)
    }
}
