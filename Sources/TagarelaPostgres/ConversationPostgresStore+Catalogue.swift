import Foundation
import PostgresNIO
import TagarelaCore

/// `CatalogueStore`: each contact's photo catalogue.
extension ConversationPostgresStore {
    public func addPhotos(
        _ photos: [NewCataloguePhoto], contactID: Int64, text: CatalogueText?, waitingUntil: Date?, now: Date
    ) async throws -> CatalogueItem? {
        try await transaction { connection in
            var itemID: Int64?
            if let text { itemID = try await item(connection, contactID: contactID, text: text, now: now) }
            let waiting = itemID == nil ? waitingUntil?.unixSeconds : nil
            for photo in photos {
                try await connection.all(
                    """
                    INSERT INTO catalogue_photos
                        (contact_id, item_id, media_id, message_id, content_type, created_at, waiting_until)
                    VALUES (\(contactID), \(itemID), \(photo.mediaID), \(photo.messageID), \(photo.contentType),
                        \(now.unixSeconds), \(waiting))
                    ON CONFLICT (media_id) DO NOTHING
                    """, statements)
            }
            guard let itemID else { return nil }
            return try await catalogueItem(connection, id: itemID)
        }
    }

    public func waitingPhotos(contactID: Int64, now: Date) async throws -> [CataloguePhoto] {
        try await read(
            """
            SELECT \(unescaped: Self.photoColumns) FROM catalogue_photos
            WHERE contact_id = \(contactID) AND item_id IS NULL AND waiting_until > \(now.unixSeconds) ORDER BY id
            """
        ).map(Self.photo)
    }

    public func describeWaitingPhotos(contactID: Int64, as text: CatalogueText, now: Date) async throws
        -> CatalogueItem?
    {
        try await transaction { connection in
            let waiting = try await connection.all(
                """
                SELECT id FROM catalogue_photos
                WHERE contact_id = \(contactID) AND item_id IS NULL AND waiting_until > \(now.unixSeconds)
                FOR UPDATE
                """, statements
            ).map { try $0.decode(Int64.self) }
            guard !waiting.isEmpty else { return nil }
            let itemID = try await item(connection, contactID: contactID, text: text, now: now)
            try await connection.all(
                "UPDATE catalogue_photos SET item_id = \(itemID), waiting_until = NULL WHERE id = ANY(\(waiting))",
                statements)
            return try await catalogueItem(connection, id: itemID)
        }
    }

    public func redescribe(itemID: Int64, contactID: Int64, as text: CatalogueText, now: Date) async throws
        -> CatalogueItem?
    {
        try await transaction { connection in
            let updated = try await connection.all(
                """
                UPDATE catalogue_items SET description = \(text.description), search_text = \(text.searchText),
                    updated_at = \(now.unixSeconds)
                WHERE id = \(itemID) AND contact_id = \(contactID) RETURNING id
                """, statements)
            guard !updated.isEmpty else { return nil }
            return try await catalogueItem(connection, id: itemID)
        }
    }

    public func catalogueItems(
        contactID: Int64?, matchingAny terms: [String], limit: Int, after: CataloguePosition?
    ) async throws -> [CatalogueItem] {
        let patterns = terms.map { "% \($0) %" }
        let seconds = after?.updatedAt.unixSeconds
        let id = after?.id
        return try await transaction { connection in
            let ids = try await connection.all(
                """
                SELECT id FROM catalogue_items
                WHERE (\(contactID)::bigint IS NULL OR contact_id = \(contactID))
                  AND (cardinality(\(patterns)::text[]) = 0 OR search_text LIKE ANY(\(patterns)::text[]))
                  AND (\(seconds)::float8 IS NULL OR updated_at < \(seconds)
                       OR (updated_at = \(seconds) AND id < \(id)))
                ORDER BY updated_at DESC, id DESC LIMIT \(max(limit, 0))
                """, statements
            ).map { try $0.decode(Int64.self) }
            var items: [CatalogueItem] = []
            for id in ids {
                if let item = try await catalogueItem(connection, id: id) { items.append(item) }
            }
            return items
        }
    }

    public func catalogueItem(id: Int64) async throws -> CatalogueItem? {
        try await transaction { connection in try await catalogueItem(connection, id: id) }
    }

    public func deleteCatalogueItem(id: Int64, contactID: Int64?) async throws -> [String] {
        try await transaction { connection in
            let owner = try await connection.all(
                "SELECT contact_id FROM catalogue_items WHERE id = \(id) FOR UPDATE", statements
            ).first.map { try $0.decode(Int64.self) }
            guard let owner, contactID == nil || owner == contactID else { return [] }
            let files = try await connection.all(
                "SELECT media_id FROM catalogue_photos WHERE item_id = \(id) ORDER BY id", statements
            ).map { try $0.decode(String.self) }
            try await connection.all("DELETE FROM media WHERE id = ANY(\(files))", statements)
            try await connection.all("DELETE FROM catalogue_items WHERE id = \(id)", statements)
            return files
        }
    }

    /// The contact's item with this searchable text, touched, or a new one.
    private func item(_ connection: PostgresConnection, contactID: Int64, text: CatalogueText, now: Date)
        async throws -> Int64
    {
        let touched = try await connection.all(
            """
            UPDATE catalogue_items SET updated_at = \(now.unixSeconds)
            WHERE id = (SELECT id FROM catalogue_items WHERE contact_id = \(contactID)
                          AND search_text = \(text.searchText) ORDER BY id LIMIT 1)
            RETURNING id
            """, statements)
        if let found = touched.first { return try found.decode(Int64.self) }
        let inserted = try await connection.all(
            """
            INSERT INTO catalogue_items (contact_id, description, search_text, created_at, updated_at)
            VALUES (\(contactID), \(text.description), \(text.searchText), \(now.unixSeconds), \(now.unixSeconds))
            RETURNING id
            """, statements)
        return try inserted[0].decode(Int64.self)
    }

    private func catalogueItem(_ connection: PostgresConnection, id: Int64) async throws -> CatalogueItem? {
        guard
            let row = try await connection.all(
                "SELECT contact_id, description, created_at, updated_at FROM catalogue_items WHERE id = \(id)",
                statements
            ).first
        else { return nil }
        let (contactID, description, createdAt, updatedAt) = try row.decode((Int64, String, Double, Double).self)
        let photos = try await connection.all(
            "SELECT \(unescaped: Self.photoColumns) FROM catalogue_photos WHERE item_id = \(id) ORDER BY id", statements
        ).map(Self.photo)
        return CatalogueItem(
            id: id, contactID: contactID, description: description, createdAt: Date(unixSeconds: createdAt),
            updatedAt: Date(unixSeconds: updatedAt), photos: photos)
    }

    private static let photoColumns =
        "id, contact_id, item_id, media_id, message_id, content_type, created_at, waiting_until"

    private static func photo(_ row: PostgresRow) throws -> CataloguePhoto {
        let (id, contactID, itemID, mediaID, messageID, contentType, createdAt, waitingUntil) = try row.decode(
            (Int64, Int64, Int64?, String, Int64?, String, Double, Double?).self)
        return CataloguePhoto(
            id: id, contactID: contactID, itemID: itemID, mediaID: mediaID, messageID: messageID,
            contentType: contentType, createdAt: Date(unixSeconds: createdAt),
            waitingUntil: waitingUntil.map(Date.init(unixSeconds:)))
    }
}
