import Foundation

/// Who holds the leases on turns and sends, and ending at once the leases of owners known to be dead, so that a
/// restarted server answers what its crashed predecessor was doing without waiting for those leases to run out.
public protocol LeaseOwnerStore: Sendable {
    /// The owners holding a turn or send lease that has not expired at `now`.
    func leaseOwners(now: Date) async throws -> Set<String>

    /// Ends at `now` every unexpired turn and send lease held by `owners`, so that any worker may take them at
    /// once. The leases keep their tokens: a late write of an owner thought dead is still refused. Returns how
    /// many leases ended.
    func expireLeases(ownedBy owners: Set<String>, now: Date) async throws -> Int
}
