import Foundation
import PostgresNIO
import TagarelaCore

/// `ToolJournalStore` and `ToolConfirmationStore`: side-effect calls and the calls held for the contact's yes, each
/// write fenced by the turn's lease like the turn's own.
extension ConversationPostgresStore {
    public func beginToolCall(_ entry: ToolJournalEntry, claim: TurnClaim) async throws -> ToolJournalEntry? {
        // Two runs inserting the same fingerprint at once: the loser's unique violation runs it again, and it finds
        // the winner's entry.
        try await transaction { connection in
            try await checkLease(connection, claim)
            if let existing = try await connection.all(
                "SELECT * FROM tool_journal WHERE fingerprint = \(entry.fingerprint)", statements
            ).first {
                return try Self.journalEntry(from: existing)
            }
            try await connection.all(
                """
                INSERT INTO tool_journal (fingerprint, idempotency_key, contact_id, tool, arguments, started_at)
                VALUES (\(entry.fingerprint), \(entry.idempotencyKey), \(entry.contactID), \(entry.tool),
                    \(entry.arguments), \(entry.startedAt.unixSeconds))
                """, statements)
            return nil
        }
    }

    public func finishToolCall(fingerprint: String, result: JSONValue, failed: Bool, at: Date) async throws {
        try await read(
            """
            UPDATE tool_journal SET result = \(result.jsonText), failed = \(failed), finished_at = \(at.unixSeconds)
            WHERE fingerprint = \(fingerprint) AND finished_at IS NULL
            """)
    }

    public func toolJournal(contactID: Int64) async throws -> [ToolJournalEntry] {
        try await read(
            "SELECT * FROM tool_journal WHERE contact_id = \(contactID) ORDER BY started_at, fingerprint"
        ).map(Self.journalEntry(from:))
    }

    public func holdToolCall(_ call: HeldToolCall, claim: TurnClaim) async throws {
        try await transaction { connection in
            try await checkLease(connection, claim)
            let held = try await connection.all(
                "SELECT 1 FROM held_tool_calls WHERE fingerprint = \(call.fingerprint)", statements)
            guard held.isEmpty else { return }
            try await connection.all(
                "DELETE FROM held_tool_calls WHERE contact_id = \(call.contactID) AND decided_by IS NULL", statements)
            try await connection.all(
                """
                INSERT INTO held_tool_calls (fingerprint, contact_id, turn, tool, arguments, held_at, expires_at)
                VALUES (\(call.fingerprint), \(call.contactID), \(call.turn), \(call.tool), \(call.arguments),
                    \(call.heldAt.unixSeconds), \(call.expiresAt.unixSeconds))
                """, statements)
        }
    }

    public func heldToolCall(contactID: Int64, decidedBy turn: Int64) async throws -> HeldToolCall? {
        try await read(
            """
            SELECT * FROM held_tool_calls WHERE contact_id = \(contactID) AND (decided_by IS NULL OR decided_by = \(turn))
            ORDER BY decided_by IS NULL, held_at DESC, fingerprint LIMIT 1
            """
        ).first.map(Self.heldCall(from:))
    }

    public func decideHeldToolCall(fingerprint: String, released: Bool, turn: Int64, claim: TurnClaim, at: Date)
        async throws
    {
        try await transaction { connection in
            try await checkLease(connection, claim)
            try await connection.all(
                """
                UPDATE held_tool_calls SET decided_by = \(turn), released = \(released), decided_at = \(at.unixSeconds)
                WHERE fingerprint = \(fingerprint) AND decided_by IS NULL
                """, statements)
        }
    }

    public func heldToolCalls(contactID: Int64) async throws -> [HeldToolCall] {
        try await read(
            "SELECT * FROM held_tool_calls WHERE contact_id = \(contactID) ORDER BY held_at, fingerprint"
        ).map(Self.heldCall(from:))
    }

    /// Throws `StorageError.leaseLost` unless `claim`'s worker still holds the contact's turn; the row lock keeps a
    /// takeover from slipping in before the transaction's writes.
    func checkLease(_ connection: PostgresConnection, _ claim: TurnClaim) async throws {
        let holds = try await connection.all(
            """
            SELECT 1 FROM contacts WHERE id = \(claim.contact.id) AND lease_owner = \(claim.lease.owner)
              AND lease_token = \(claim.lease.token) FOR UPDATE
            """, statements)
        guard !holds.isEmpty else { throw StorageError.leaseLost }
    }

    static func journalEntry(from row: PostgresRow) throws -> ToolJournalEntry {
        let row = row.makeRandomAccess()
        return ToolJournalEntry(
            fingerprint: try row["fingerprint"].decode(String.self),
            idempotencyKey: try row["idempotency_key"].decode(String.self),
            contactID: try row["contact_id"].decode(Int64.self), tool: try row["tool"].decode(String.self),
            arguments: try row["arguments"].decode(String.self),
            startedAt: Date(unixSeconds: try row["started_at"].decode(Double.self)),
            result: try row["result"].decode(String?.self).flatMap(JSONValue.init(parsing:)),
            failed: try row["failed"].decode(Bool.self),
            finishedAt: try row["finished_at"].decode(Double?.self).map(Date.init(unixSeconds:)))
    }

    static func heldCall(from row: PostgresRow) throws -> HeldToolCall {
        let row = row.makeRandomAccess()
        return HeldToolCall(
            fingerprint: try row["fingerprint"].decode(String.self),
            contactID: try row["contact_id"].decode(Int64.self),
            turn: try row["turn"].decode(Int64.self), tool: try row["tool"].decode(String.self),
            arguments: try row["arguments"].decode(String.self),
            heldAt: Date(unixSeconds: try row["held_at"].decode(Double.self)),
            expiresAt: Date(unixSeconds: try row["expires_at"].decode(Double.self)),
            decidedBy: try row["decided_by"].decode(Int64?.self), released: try row["released"].decode(Bool.self),
            decidedAt: try row["decided_at"].decode(Double?.self).map(Date.init(unixSeconds:)))
    }
}
