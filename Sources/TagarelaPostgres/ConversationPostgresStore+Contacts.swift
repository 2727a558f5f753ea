import Foundation
import PostgresNIO
import TagarelaCore

/// `ContactStore`: one contact's record, messages and facts, the handoff and the tools' effects, memory clearing and erasure.
extension ConversationPostgresStore {
    public func facts(contactID: Int64) async throws -> [ContactFact] {
        try await read("SELECT id, text, created_at FROM facts WHERE contact_id = \(contactID) ORDER BY id").map {
            let (id, text, createdAt) = try $0.decode((Int64, String, Double).self)
            return ContactFact(id: id, text: text, createdAt: Date(unixSeconds: createdAt))
        }
    }

    public func setHandoff(contactID: Int64, reason: String?, at: Date) async throws -> Bool {
        try await transaction { connection in
            try await !setHandoff(connection, contactID: contactID, reason: reason, at: at).isEmpty
        }
    }

    /// Writes a turn's tool effects inside its completing transaction.
    func apply(_ effects: [ToolEffect], _ connection: PostgresConnection, contactID: Int64, now: Date) async throws {
        for effect in effects {
            switch effect {
            case .rememberFact(let text):
                // A turn run again after a lost lease remembers the same fact once.
                try await connection.all(
                    """
                    INSERT INTO facts (contact_id, text, created_at) VALUES (\(contactID), \(text), \(now.unixSeconds))
                    ON CONFLICT (contact_id, text) DO NOTHING
                    """, statements)
            case .unrememberFact(let text):
                try await connection.all(
                    "DELETE FROM facts WHERE contact_id = \(contactID) AND text = \(text)", statements)
            case .forgetFact(let id):
                try await connection.all("DELETE FROM facts WHERE contact_id = \(contactID) AND id = \(id)", statements)
            case .handoff(let reason):
                try await setHandoff(connection, contactID: contactID, reason: reason, at: now)
            case .replyMode(let mode):
                try await connection.all(
                    "UPDATE contacts SET reply_mode = \(mode?.rawValue) WHERE id = \(contactID)", statements)
            }
        }
    }

    @discardableResult
    private func setHandoff(
        _ connection: PostgresConnection, contactID: Int64, reason: String?, at: Date
    ) async throws -> [PostgresRow] {
        let since: Double? = reason == nil ? nil : at.unixSeconds
        return try await connection.all(
            """
            UPDATE contacts SET handoff_at = \(since), handoff_reason = \(reason) WHERE id = \(contactID) RETURNING id
            """, statements)
    }
}

extension ConversationPostgresStore {
    public func contact(id: Int64) async throws -> Contact? {
        try await read("SELECT * FROM contacts WHERE id = \(id)").first.map(Self.contact(from:))
    }

    public func messages(contactID: Int64) async throws -> [StoredMessage] {
        try await read("SELECT * FROM messages WHERE contact_id = \(contactID) ORDER BY id").map(Self.message(from:))
    }

    public func messages(contactID: Int64, window: MessageWindow) async throws -> [StoredMessage] {
        switch window {
        case .newest(let limit, let before):
            let rows = try await read(
                """
                SELECT * FROM messages WHERE contact_id = \(contactID) AND id < \(before ?? .max)
                ORDER BY id DESC LIMIT \(limit)
                """)
            return try rows.reversed().map(Self.message(from:))
        case .after(let after, let limit):
            return try await read(
                "SELECT * FROM messages WHERE contact_id = \(contactID) AND id > \(after) ORDER BY id LIMIT \(limit)"
            ).map(Self.message(from:))
        }
    }

    public func clearMemory(contactID: Int64) async throws -> Bool {
        try await transaction { connection in
            let updated = try await connection.all(
                """
                UPDATE contacts SET memory_from = COALESCE(
                    (SELECT MAX(id) FROM messages WHERE contact_id = \(contactID)), 0)
                WHERE id = \(contactID) RETURNING id
                """, statements)
            guard !updated.isEmpty else { return false }
            try await connection.all("DELETE FROM facts WHERE contact_id = \(contactID)", statements)
            try await forgetSummary(connection, contactID: contactID)
            return true
        }
    }

    public func deleteContact(contactID: Int64) async throws -> Bool {
        // Identities, messages, turns, facts, the summary and provider conversations go with it (ON DELETE CASCADE).
        try await !read("DELETE FROM contacts WHERE id = \(contactID) RETURNING id").isEmpty
    }
}
