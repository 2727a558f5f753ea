import Foundation

extension InMemoryConversationStore {
    public func leaseOwners(now: Date) async throws -> Set<String> {
        var owners = Set(
            contacts.values.compactMap { row in row.leaseUntil.flatMap { $0 > now ? row.leaseOwner : nil } })
        for row in messages where row.status == .sending {
            if let owner = row.sendOwner, let until = row.sendLeaseUntil, until > now { owners.insert(owner) }
        }
        for row in memorySummaries.values {
            if let owner = row.leaseOwner, let until = row.leaseUntil, until > now { owners.insert(owner) }
        }
        return owners
    }

    public func expireLeases(ownedBy owners: Set<String>, now: Date) async throws -> Int {
        let now = now.asStored
        var ended = 0
        for (id, row) in contacts {
            guard let owner = row.leaseOwner, owners.contains(owner), let until = row.leaseUntil, until > now else {
                continue
            }
            // The token stays: a late write of an owner thought dead is still refused.
            contacts[id]?.leaseUntil = now
            ended += 1
        }
        for index in messages.indices where messages[index].status == .sending {
            guard let owner = messages[index].sendOwner, owners.contains(owner),
                let until = messages[index].sendLeaseUntil, until > now
            else { continue }
            messages[index].sendLeaseUntil = now
            ended += 1
        }
        for (id, row) in memorySummaries {
            guard let owner = row.leaseOwner, owners.contains(owner), let until = row.leaseUntil, until > now else {
                continue
            }
            memorySummaries[id]?.leaseUntil = now
            ended += 1
        }
        return ended
    }
}
