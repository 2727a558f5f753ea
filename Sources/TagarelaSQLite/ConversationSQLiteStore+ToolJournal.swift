import Foundation
import GRDB
import TagarelaCore

/// `ToolJournalStore` and `ToolConfirmationStore`: side-effect calls and the calls held for the contact's yes, each
/// write fenced by the turn's lease like the turn's own.
extension ConversationSQLiteStore {
    public func beginToolCall(_ entry: ToolJournalEntry, claim: TurnClaim) async throws -> ToolJournalEntry? {
        try await write { db in
            try Self.checkLease(db, claim)
            if let existing = try Row.fetchOne(
                db.cachedStatement(sql: "SELECT * FROM tool_journal WHERE fingerprint = ?"),
                arguments: [entry.fingerprint])
            {
                return Self.journalEntry(from: existing)
            }
            try db.cachedStatement(
                sql: """
                    INSERT INTO tool_journal (fingerprint, idempotency_key, contact_id, tool, arguments, started_at)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """
            ).execute(arguments: [
                entry.fingerprint, entry.idempotencyKey, entry.contactID, entry.tool, entry.arguments,
                entry.startedAt.sqlSeconds,
            ])
            return nil
        }
    }

    public func finishToolCall(fingerprint: String, result: JSONValue, failed: Bool, at: Date) async throws {
        try await write { db in
            try db.cachedStatement(
                sql: """
                    UPDATE tool_journal SET result = ?, failed = ?, finished_at = ?
                    WHERE fingerprint = ? AND finished_at IS NULL
                    """
            ).execute(arguments: [result.jsonText, failed, at.sqlSeconds, fingerprint])
        }
    }

    public func toolJournal(contactID: Int64) async throws -> [ToolJournalEntry] {
        try await read { db in
            try Row.fetchAll(
                db.cachedStatement(sql: "SELECT * FROM tool_journal WHERE contact_id = ? ORDER BY started_at, rowid"),
                arguments: [contactID]
            ).map(Self.journalEntry(from:))
        }
    }

    public func holdToolCall(_ call: HeldToolCall, claim: TurnClaim) async throws {
        try await write { db in
            try Self.checkLease(db, claim)
            let held = try Bool.fetchOne(
                db.cachedStatement(sql: "SELECT 1 FROM held_tool_calls WHERE fingerprint = ?"),
                arguments: [call.fingerprint])
            guard held == nil else { return }
            try db.cachedStatement(sql: "DELETE FROM held_tool_calls WHERE contact_id = ? AND decided_by IS NULL")
                .execute(arguments: [call.contactID])
            try db.cachedStatement(
                sql: """
                    INSERT INTO held_tool_calls (fingerprint, contact_id, turn, tool, arguments, held_at, expires_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """
            ).execute(arguments: [
                call.fingerprint, call.contactID, call.turn, call.tool, call.arguments, call.heldAt.sqlSeconds,
                call.expiresAt.sqlSeconds,
            ])
        }
    }

    public func heldToolCall(contactID: Int64, decidedBy turn: Int64) async throws -> HeldToolCall? {
        try await read { db in
            try Row.fetchOne(
                db.cachedStatement(
                    sql: """
                        SELECT * FROM held_tool_calls
                        WHERE contact_id = ? AND (decided_by IS NULL OR decided_by = ?)
                        ORDER BY decided_by IS NULL, held_at DESC, rowid DESC LIMIT 1
                        """),
                arguments: [contactID, turn]
            ).map(Self.heldCall(from:))
        }
    }

    public func decideHeldToolCall(fingerprint: String, released: Bool, turn: Int64, claim: TurnClaim, at: Date)
        async throws
    {
        try await write { db in
            try Self.checkLease(db, claim)
            try db.cachedStatement(
                sql: """
                    UPDATE held_tool_calls SET decided_by = ?, released = ?, decided_at = ?
                    WHERE fingerprint = ? AND decided_by IS NULL
                    """
            ).execute(arguments: [turn, released, at.sqlSeconds, fingerprint])
        }
    }

    public func heldToolCalls(contactID: Int64) async throws -> [HeldToolCall] {
        try await read { db in
            try Row.fetchAll(
                db.cachedStatement(sql: "SELECT * FROM held_tool_calls WHERE contact_id = ? ORDER BY held_at, rowid"),
                arguments: [contactID]
            ).map(Self.heldCall(from:))
        }
    }

    /// Throws `StorageError.leaseLost` unless `claim`'s worker still holds the contact's turn (the fencing check).
    static func checkLease(_ db: Database, _ claim: TurnClaim) throws {
        let holds = try Bool.fetchOne(
            db.cachedStatement(sql: "SELECT 1 FROM contacts WHERE id = ? AND lease_owner = ? AND lease_token = ?"),
            arguments: [claim.contact.id, claim.lease.owner, claim.lease.token])
        guard holds != nil else { throw StorageError.leaseLost }
    }

    static func journalEntry(from row: Row) -> ToolJournalEntry {
        ToolJournalEntry(
            fingerprint: row["fingerprint"], idempotencyKey: row["idempotency_key"], contactID: row["contact_id"],
            tool: row["tool"], arguments: row["arguments"], startedAt: Date(sqlSeconds: row["started_at"]),
            result: (row["result"] as String?).flatMap(JSONValue.init(parsing:)), failed: row["failed"],
            finishedAt: (row["finished_at"] as Double?).map(Date.init(sqlSeconds:)))
    }

    static func heldCall(from row: Row) -> HeldToolCall {
        HeldToolCall(
            fingerprint: row["fingerprint"], contactID: row["contact_id"], turn: row["turn"], tool: row["tool"],
            arguments: row["arguments"], heldAt: Date(sqlSeconds: row["held_at"]),
            expiresAt: Date(sqlSeconds: row["expires_at"]), decidedBy: row["decided_by"], released: row["released"],
            decidedAt: (row["decided_at"] as Double?).map(Date.init(sqlSeconds:)))
    }
}
