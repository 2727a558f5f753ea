import Foundation
import NIOCore
import PostgresNIO
import TagarelaCore

extension ConversationPostgresStore {
    public func saveMedia(_ media: StoredMedia, purgingBefore: Date) async throws {
        try await transaction { connection in
            try await connection.all("DELETE FROM media WHERE expires_at < \(purgingBefore.unixSeconds)", statements)
            try await connection.all(
                """
                INSERT INTO media (id, contact_id, content_type, bytes, created_at, expires_at, is_public, location)
                VALUES (\(media.id), \(media.contactID), \(media.contentType), \(ByteBuffer(bytes: media.bytes)),
                    \(media.createdAt.unixSeconds), \(media.expiresAt.unixSeconds), \(media.isPublic), \(media.location))
                """, statements)
        }
    }

    public func media(id: String) async throws -> StoredMedia? {
        try await read(
            """
            SELECT contact_id, content_type, bytes, created_at, expires_at, is_public, location FROM media
            WHERE id = \(id)
            """
        ).first.map {
            let (contactID, contentType, bytes, createdAt, expiresAt, isPublic, location) = try $0.decode(
                (Int64, String, ByteBuffer, Double, Double, Bool, String?).self)
            return StoredMedia(
                id: id, contactID: contactID, contentType: contentType, bytes: Data(bytes.readableBytesView),
                createdAt: Date(unixSeconds: createdAt), expiresAt: Date(unixSeconds: expiresAt), isPublic: isPublic,
                location: location)
        }
    }
}
