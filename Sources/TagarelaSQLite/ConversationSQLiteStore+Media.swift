import Foundation
import GRDB
import TagarelaCore

extension ConversationSQLiteStore {
    public func saveMedia(_ media: StoredMedia, purgingBefore: Date) async throws {
        try await write { db in
            try db.execute(sql: "DELETE FROM media WHERE expires_at < ?", arguments: [purgingBefore.sqlSeconds])
            try db.execute(
                sql: """
                    INSERT INTO media (id, contact_id, content_type, bytes, created_at, expires_at, is_public, location)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    media.id, media.contactID, media.contentType, media.bytes, media.createdAt.sqlSeconds,
                    media.expiresAt.sqlSeconds, media.isPublic, media.location,
                ])
        }
    }

    public func media(id: String) async throws -> StoredMedia? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM media WHERE id = ?", arguments: [id]).map {
                StoredMedia(
                    id: $0["id"], contactID: $0["contact_id"], contentType: $0["content_type"], bytes: $0["bytes"],
                    createdAt: Date(sqlSeconds: $0["created_at"]), expiresAt: Date(sqlSeconds: $0["expires_at"]),
                    isPublic: $0["is_public"], location: $0["location"])
            }
        }
    }
}
