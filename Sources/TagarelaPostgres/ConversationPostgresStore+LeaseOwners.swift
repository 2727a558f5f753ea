import Foundation
import PostgresNIO
import TagarelaCore

extension ConversationPostgresStore: LeaseOwnerStore {
    public func leaseOwners(now: Date) async throws -> Set<String> {
        let seconds = now.unixSeconds
        return Set(
            try await read(
                """
                SELECT lease_owner FROM contacts WHERE lease_owner IS NOT NULL AND lease_until > \(seconds)
                UNION SELECT send_owner FROM messages
                WHERE status = 'sending' AND send_owner IS NOT NULL AND send_lease_until > \(seconds)
                UNION SELECT lease_owner FROM memory_summaries
                WHERE lease_owner IS NOT NULL AND lease_until > \(seconds)
                """
            ).map { try $0.decode(String.self) })
    }

    public func expireLeases(ownedBy owners: Set<String>, now: Date) async throws -> Int {
        guard !owners.isEmpty else { return 0 }
        let names = Array(owners)
        let seconds = now.unixSeconds
        return try await transaction { connection in
            let turns = try await connection.all(
                """
                UPDATE contacts SET lease_until = \(seconds)
                WHERE lease_owner = ANY(\(names)) AND lease_until > \(seconds) RETURNING id
                """, statements
            ).count
            let sends = try await connection.all(
                """
                UPDATE messages SET send_lease_until = \(seconds)
                WHERE status = 'sending' AND send_owner = ANY(\(names)) AND send_lease_until > \(seconds) RETURNING id
                """, statements
            ).count
            let folds = try await connection.all(
                """
                UPDATE memory_summaries SET lease_until = \(seconds)
                WHERE lease_owner = ANY(\(names)) AND lease_until > \(seconds) RETURNING contact_id
                """, statements
            ).count
            return turns + sends + folds
        }
    }
}
