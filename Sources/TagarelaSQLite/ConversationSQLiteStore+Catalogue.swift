import Foundation
import GRDB
import TagarelaCore

/// `CatalogueStore`: each contact's photo catalogue.
extension ConversationSQLiteStore {
    public func addPhotos(
        _ photos: [NewCataloguePhoto], contactID: Int64, text: CatalogueText?, waitingUntil: Date?, now: Date
    ) async throws -> CatalogueItem? {
        try await write { db in
            let itemID = try text.map { try Self.item(db, contactID: contactID, text: $0, now: now) }
            for photo in photos {
                try db.execute(
                    sql: """
                        INSERT INTO catalogue_photos
                            (contact_id, item_id, media_id, message_id, content_type, created_at, waiting_until)
                        VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (media_id) DO NOTHING
                        """,
                    arguments: [
                        contactID, itemID, photo.mediaID, photo.messageID, photo.contentType, now.sqlSeconds,
                        itemID == nil ? waitingUntil?.sqlSeconds : nil,
                    ])
            }
            return try itemID.flatMap { try Self.catalogueItem(db, id: $0) }
        }
    }

    public func waitingPhotos(contactID: Int64, now: Date) async throws -> [CataloguePhoto] {
        try await read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT * FROM catalogue_photos WHERE contact_id = ? AND item_id IS NULL AND waiting_until > ?
                    ORDER BY id
                    """, arguments: [contactID, now.sqlSeconds]
            ).map(Self.photo)
        }
    }

    public func describeWaitingPhotos(contactID: Int64, as text: CatalogueText, now: Date) async throws
        -> CatalogueItem?
    {
        try await write { db in
            let waiting = try Int64.fetchAll(
                db,
                sql: """
                    SELECT id FROM catalogue_photos WHERE contact_id = ? AND item_id IS NULL AND waiting_until > ?
                    """, arguments: [contactID, now.sqlSeconds])
            guard !waiting.isEmpty else { return nil }
            let itemID = try Self.item(db, contactID: contactID, text: text, now: now)
            for id in waiting {
                try db.execute(
                    sql: "UPDATE catalogue_photos SET item_id = ?, waiting_until = NULL WHERE id = ?",
                    arguments: [itemID, id])
            }
            return try Self.catalogueItem(db, id: itemID)
        }
    }

    public func redescribe(itemID: Int64, contactID: Int64, as text: CatalogueText, now: Date) async throws
        -> CatalogueItem?
    {
        try await write { db in
            try db.execute(
                sql: """
                    UPDATE catalogue_items SET description = ?, search_text = ?, updated_at = ?
                    WHERE id = ? AND contact_id = ?
                    """, arguments: [text.description, text.searchText, now.sqlSeconds, itemID, contactID])
            return db.changesCount == 0 ? nil : try Self.catalogueItem(db, id: itemID)
        }
    }

    public func catalogueItems(
        contactID: Int64?, matchingAny terms: [String], limit: Int, after: CataloguePosition?
    ) async throws -> [CatalogueItem] {
        try await read { db in
            var conditions = contactID == nil ? [] : ["contact_id = ?"]
            var arguments: [(any DatabaseValueConvertible)?] = contactID.map { [$0] } ?? []
            if !terms.isEmpty {
                conditions.append("(" + terms.map { _ in "search_text LIKE ?" }.joined(separator: " OR ") + ")")
                arguments += terms.map { "% \($0) %" }
            }
            if let after {
                conditions.append("(updated_at < ? OR (updated_at = ? AND id < ?))")
                arguments += [after.updatedAt.sqlSeconds, after.updatedAt.sqlSeconds, after.id]
            }
            let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
            let ids = try Int64.fetchAll(
                db,
                sql:
                    "SELECT id FROM catalogue_items \(filter) ORDER BY updated_at DESC, id DESC LIMIT \(max(limit, 0))",
                arguments: StatementArguments(arguments) ?? [])
            return try ids.compactMap { try Self.catalogueItem(db, id: $0) }
        }
    }

    public func catalogueItem(id: Int64) async throws -> CatalogueItem? {
        try await read { db in try Self.catalogueItem(db, id: id) }
    }

    public func deleteCatalogueItem(id: Int64, contactID: Int64?) async throws -> [String] {
        try await write { db in
            guard
                let owner = try Int64.fetchOne(
                    db, sql: "SELECT contact_id FROM catalogue_items WHERE id = ?", arguments: [id]),
                contactID == nil || owner == contactID
            else { return [] }
            let files = try String.fetchAll(
                db, sql: "SELECT media_id FROM catalogue_photos WHERE item_id = ? ORDER BY id", arguments: [id])
            try db.execute(
                sql: "DELETE FROM media WHERE id IN (SELECT media_id FROM catalogue_photos WHERE item_id = ?)",
                arguments: [id])
            try db.execute(sql: "DELETE FROM catalogue_items WHERE id = ?", arguments: [id])
            return files
        }
    }

    /// The contact's item with this searchable text, touched, or a new one.
    private static func item(_ db: Database, contactID: Int64, text: CatalogueText, now: Date) throws -> Int64 {
        if let found = try Int64.fetchOne(
            db, sql: "SELECT id FROM catalogue_items WHERE contact_id = ? AND search_text = ? ORDER BY id LIMIT 1",
            arguments: [contactID, text.searchText])
        {
            try db.execute(
                sql: "UPDATE catalogue_items SET updated_at = ? WHERE id = ?", arguments: [now.sqlSeconds, found])
            return found
        }
        try db.execute(
            sql: """
                INSERT INTO catalogue_items (contact_id, description, search_text, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?)
                """, arguments: [contactID, text.description, text.searchText, now.sqlSeconds, now.sqlSeconds])
        return db.lastInsertedRowID
    }

    private static func catalogueItem(_ db: Database, id: Int64) throws -> CatalogueItem? {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM catalogue_items WHERE id = ?", arguments: [id])
        else { return nil }
        let photos = try Row.fetchAll(
            db, sql: "SELECT * FROM catalogue_photos WHERE item_id = ? ORDER BY id", arguments: [id]
        ).map(photo)
        return CatalogueItem(
            id: row["id"], contactID: row["contact_id"], description: row["description"],
            createdAt: Date(sqlSeconds: row["created_at"]), updatedAt: Date(sqlSeconds: row["updated_at"]),
            photos: photos)
    }

    private static func photo(_ row: Row) -> CataloguePhoto {
        CataloguePhoto(
            id: row["id"], contactID: row["contact_id"], itemID: row["item_id"], mediaID: row["media_id"],
            messageID: row["message_id"], contentType: row["content_type"],
            createdAt: Date(sqlSeconds: row["created_at"]),
            waitingUntil: (row["waiting_until"] as Double?).map(Date.init(sqlSeconds:)))
    }
}
