import Foundation
import TagarelaCore
import TagarelaPostgres

extension LazyPostgresStore: LeaseOwnerStore {
    func leaseOwners(now: Date) async throws -> Set<String> {
        try await store.leaseOwners(now: now)
    }

    func expireLeases(ownedBy owners: Set<String>, now: Date) async throws -> Int {
        try await store.expireLeases(ownedBy: owners, now: now)
    }
}
