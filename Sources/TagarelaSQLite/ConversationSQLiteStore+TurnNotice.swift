import Foundation
import GRDB
import TagarelaCore

/// A notice sent while a turn runs, once across attempts at the same messages.
extension ConversationSQLiteStore {
    public func queueTurnNotice(_ text: String, claim: TurnClaim, now: Date) async throws -> Bool {
        try await batcher.write { db in
            let holder = try Row.fetchOne(
                db, sql: "SELECT lease_owner, lease_token, reply_channel, reply_address FROM contacts WHERE id = ?",
                arguments: [claim.contact.id])
            guard let holder, holder["lease_owner"] as String? == claim.lease.owner,
                holder["lease_token"] as Int64? == claim.lease.token
            else { throw StorageError.leaseLost }
            // This turn and the attempts before it at the same messages: the contact's turns after its last
            // finished one (summaries are not turns).
            let said = try Bool.fetchOne(
                db,
                sql: """
                    SELECT EXISTS (SELECT 1 FROM messages
                        WHERE contact_id = :contact AND direction = 'out' AND turn_id > COALESCE(
                            (SELECT MAX(id) FROM turns WHERE contact_id = :contact AND id < :turn
                                AND status NOT IN ('running', 'abandoned', :summary)), 0)
                          AND turn_id <= :turn)
                    """,
                arguments: ["contact": claim.contact.id, "turn": claim.turnID, "summary": TurnRecord.Status.summaryRaw])
            guard said != true else { return false }
            try db.execute(
                sql: """
                    INSERT INTO messages (contact_id, direction, channel, kind, text, created_at, status, turn_id,
                        reply_address, next_attempt_at)
                    VALUES (?, 'out', ?, ?, ?, ?, 'pending', ?, ?, ?)
                    """,
                arguments: [
                    claim.contact.id, holder["reply_channel"] as String, OutboundKind.notice.rawValue, text,
                    now.sqlSeconds, claim.turnID, holder["reply_address"] as String, now.sqlSeconds,
                ])
            try db.execute(
                sql: "UPDATE contacts SET outbound_count = outbound_count + 1 WHERE id = ?",
                arguments: [claim.contact.id])
            return true
        }
    }
}
