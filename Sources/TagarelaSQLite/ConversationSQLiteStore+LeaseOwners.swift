import Foundation
import GRDB
import TagarelaCore

extension ConversationSQLiteStore: LeaseOwnerStore {
    public func leaseOwners(now: Date) async throws -> Set<String> {
        try await read { db in
            Set(
                try String.fetchAll(
                    db,
                    sql: """
                        SELECT lease_owner FROM contacts WHERE lease_owner IS NOT NULL AND lease_until > ?
                        UNION SELECT send_owner FROM messages
                        WHERE status = 'sending' AND send_owner IS NOT NULL AND send_lease_until > ?
                        UNION SELECT lease_owner FROM memory_summaries WHERE lease_owner IS NOT NULL AND lease_until > ?
                        """,
                    arguments: [now.sqlSeconds, now.sqlSeconds, now.sqlSeconds]))
        }
    }

    public func expireLeases(ownedBy owners: Set<String>, now: Date) async throws -> Int {
        guard !owners.isEmpty else { return 0 }
        let names = Array(owners)
        let placeholders = databaseQuestionMarks(count: names.count)
        return try await write { db in
            try db.execute(
                sql: """
                    UPDATE contacts SET lease_until = ?
                    WHERE lease_owner IN (\(placeholders)) AND lease_until > ?
                    """,
                arguments: StatementArguments([now.sqlSeconds] + names + [now.sqlSeconds]))
            var ended = db.changesCount
            try db.execute(
                sql: """
                    UPDATE messages SET send_lease_until = ?
                    WHERE status = 'sending' AND send_owner IN (\(placeholders)) AND send_lease_until > ?
                    """,
                arguments: StatementArguments([now.sqlSeconds] + names + [now.sqlSeconds]))
            ended += db.changesCount
            try db.execute(
                sql: """
                    UPDATE memory_summaries SET lease_until = ?
                    WHERE lease_owner IN (\(placeholders)) AND lease_until > ?
                    """,
                arguments: StatementArguments([now.sqlSeconds] + names + [now.sqlSeconds]))
            ended += db.changesCount
            return ended
        }
    }
}
