import Foundation
import NIOCore
import PostgresNIO
import TagarelaCore

extension ConversationPostgresStore {
    public func adminSecret(proposed: [UInt8]) async throws -> [UInt8] {
        // Insert-if-absent, then read back in a second statement: under READ COMMITTED it sees the row a racing
        // instance committed while the insert waited on it (one statement's snapshot would not).
        try await transaction { connection in
            try await connection.all(
                """
                INSERT INTO admin_secret (id, secret) VALUES (1, \(ByteBuffer(bytes: proposed)))
                ON CONFLICT (id) DO NOTHING
                """, statements)
            let rows = try await connection.all("SELECT secret FROM admin_secret WHERE id = 1", statements)
            guard let row = rows.first else { return proposed }
            return [UInt8](try row.decode(ByteBuffer.self).readableBytesView)
        }
    }

    public func recordAdminSession(id: String, expiresAt: Date, purgingBefore: Date) async throws {
        try await transaction { connection in
            try await connection.all(
                "DELETE FROM admin_sessions WHERE expires_at < \(purgingBefore.unixSeconds)", statements)
            try await connection.all(
                "INSERT INTO admin_sessions (id, expires_at) VALUES (\(id), \(expiresAt.unixSeconds))", statements)
        }
    }

    public func adminSessionIsLive(id: String, now: Date) async throws -> Bool {
        let rows = try await read(
            "SELECT 1 FROM admin_sessions WHERE id = \(id) AND expires_at > \(now.unixSeconds)")
        return !rows.isEmpty
    }

    public func revokeAdminSession(id: String) async throws {
        try await read("DELETE FROM admin_sessions WHERE id = \(id)")
    }

    public func revokeAllAdminSessions() async throws {
        try await read("DELETE FROM admin_sessions")
    }
}
