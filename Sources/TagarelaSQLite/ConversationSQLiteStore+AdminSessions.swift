import Foundation
import GRDB
import TagarelaCore

extension ConversationSQLiteStore {
    public func adminSecret(proposed: [UInt8]) async throws -> [UInt8] {
        try await write { db in
            // Insert-if-absent then read back, in one transaction: whoever stored first wins, and everyone reads it.
            try db.execute(
                sql: "INSERT INTO admin_secret (id, secret) VALUES (1, ?) ON CONFLICT DO NOTHING",
                arguments: [Data(proposed)])
            let stored = try Data.fetchOne(db, sql: "SELECT secret FROM admin_secret WHERE id = 1")
            return stored.map { [UInt8]($0) } ?? proposed
        }
    }

    public func recordAdminSession(id: String, expiresAt: Date, purgingBefore: Date) async throws {
        try await write { db in
            try db.execute(
                sql: "DELETE FROM admin_sessions WHERE expires_at < ?", arguments: [purgingBefore.sqlSeconds])
            try db.execute(
                sql: "INSERT INTO admin_sessions (id, expires_at) VALUES (?, ?)",
                arguments: [id, expiresAt.sqlSeconds])
        }
    }

    public func adminSessionIsLive(id: String, now: Date) async throws -> Bool {
        try await read { db in
            try Bool.fetchOne(
                db, sql: "SELECT EXISTS (SELECT 1 FROM admin_sessions WHERE id = ? AND expires_at > ?)",
                arguments: [id, now.sqlSeconds]) ?? false
        }
    }

    public func revokeAdminSession(id: String) async throws {
        try await write { db in
            try db.execute(sql: "DELETE FROM admin_sessions WHERE id = ?", arguments: [id])
        }
    }

    public func revokeAllAdminSessions() async throws {
        try await write { db in try db.execute(sql: "DELETE FROM admin_sessions") }
    }
}
