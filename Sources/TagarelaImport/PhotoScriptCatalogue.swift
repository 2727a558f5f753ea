import Foundation
import Logging
import PostgresNIO
import TagarelaCore
import TagarelaPostgres

/// One photo of the photo script's catalogue: a `table_image_link` row and the `table_descricao` row it
/// belongs to (nil when its `id_descricao` is empty or names no description).
public struct PhotoScriptPhoto: Sendable, Equatable {
    /// `table_image_link.id`: how the operator finds the row again.
    public var id: Int64
    /// The public S3 URL the script stored.
    public var link: String
    public var descriptionID: Int64?
    public var description: String?
    /// As the script stored Twilio's `From`: `whatsapp:+55…`, `+55…` or digits.
    public var fromNumber: String?
    /// When the photo was saved (its own row's time, else its description's).
    public var createdAt: Date?

    public init(
        id: Int64, link: String, descriptionID: Int64?, description: String?, fromNumber: String?, createdAt: Date?
    ) {
        self.id = id
        self.link = link
        self.descriptionID = descriptionID
        self.description = description
        self.fromNumber = fromNumber
        self.createdAt = createdAt
    }
}

/// The photo script's catalogue as its PostgreSQL database holds it (`table_descricao`, `table_image_link`),
/// read once and only read.
public struct PhotoScriptCatalogue: Sendable, Equatable {
    /// Every image, in id order.
    public var photos: [PhotoScriptPhoto]
    /// Descriptions with no image: nothing to file.
    public var descriptionsWithoutPhotos: Int

    public init(photos: [PhotoScriptPhoto], descriptionsWithoutPhotos: Int) {
        self.photos = photos
        self.descriptionsWithoutPhotos = descriptionsWithoutPhotos
    }

    /// Reads both tables from `settings`' database in one snapshot.
    public static func read(from settings: PostgresSettings, logger: Logger) async throws -> PhotoScriptCatalogue {
        let database = settings.redactedURL
        let client = settings.makeClient(logger: logger)
        do {
            return try await withThrowingTaskGroup(of: PhotoScriptCatalogue?.self) { group in
                group.addTask {
                    await client.run()
                    return nil
                }
                defer { group.cancelAll() }
                // A database that is down would keep the pool retrying for about a minute.
                return try await withTimeout(
                    max(settings.connectTimeout * 4, .seconds(20)), "reading the photo script's tables at \(database)"
                ) {
                    try await client.withConnection { connection in
                        try await read(connection, database: database, logger: logger)
                    }
                }
            }
        } catch let error as ImportError {
            throw error
        } catch let error as StorageError {
            throw ImportError.source(database: database, detail: "\(error)")
        } catch {
            throw ImportError.source(database: database, detail: ConversationPostgresStore.summary(of: error))
        }
    }

    private static func read(
        _ connection: PostgresConnection, database: String, logger: Logger
    ) async throws -> PhotoScriptCatalogue {
        let tables = try await connection.query(
            "SELECT to_regclass('table_descricao') IS NOT NULL, to_regclass('table_image_link') IS NOT NULL",
            logger: logger
        ).collect().first?.decode((Bool, Bool).self)
        guard tables?.0 == true, tables?.1 == true else { throw ImportError.notPhotoScript(database: database) }
        // One snapshot: both reads see the same catalogue even if the old script still runs.
        _ = try await connection.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", logger: logger).collect()
        do {
            let catalogue = try await readSnapshot(connection, logger: logger)
            _ = try await connection.query("COMMIT", logger: logger).collect()
            return catalogue
        } catch {
            _ = try? await connection.query("ROLLBACK", logger: logger).collect()
            throw error
        }
    }

    private static func readSnapshot(_ connection: PostgresConnection, logger: Logger) async throws
        -> PhotoScriptCatalogue
    {
        let rows = try await connection.query(
            """
            SELECT i.id::bigint, i.image_link, d.id::bigint, d.descricao, d.from_number::text,
                COALESCE(i.created_at, d.created_at)
            FROM table_image_link i LEFT JOIN table_descricao d ON d.id = i.id_descricao
            ORDER BY i.id
            """, logger: logger
        ).collect()
        let photos = try rows.map { row in
            let (id, link, descriptionID, description, fromNumber, createdAt) = try row.decode(
                (Int64, String, Int64?, String?, String?, Date?).self)
            return PhotoScriptPhoto(
                id: id, link: link, descriptionID: descriptionID, description: description, fromNumber: fromNumber,
                createdAt: createdAt)
        }
        let empty =
            try await connection.query(
                """
                SELECT COUNT(*) FROM table_descricao d
                WHERE NOT EXISTS (SELECT 1 FROM table_image_link i WHERE i.id_descricao = d.id)
                """, logger: logger
            ).collect().first?.decode(Int.self) ?? 0
        return PhotoScriptCatalogue(photos: photos, descriptionsWithoutPhotos: empty)
    }
}
