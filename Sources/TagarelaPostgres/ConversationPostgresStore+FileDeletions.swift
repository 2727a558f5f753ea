import Foundation
import PostgresNIO
import TagarelaCore

/// `FileDeletionQueue`: files outside the database to delete, queued by the `media_file_deleted` trigger.
extension ConversationPostgresStore {
    public func dueFileDeletions(now: Date, limit: Int) async throws -> [FileDeletion] {
        try await read(
            """
            SELECT id, location, contact_id, attempts FROM file_deletions WHERE next_attempt_at <= \(now.unixSeconds)
            ORDER BY id LIMIT \(max(limit, 0))
            """
        ).map {
            let (id, location, contactID, attempts) = try $0.decode((Int64, String, Int64, Int).self)
            return FileDeletion(id: id, location: location, contactID: contactID, attempts: attempts)
        }
    }

    public func finishFileDeletion(id: Int64) async throws {
        _ = try await read("DELETE FROM file_deletions WHERE id = \(id)")
    }

    public func postponeFileDeletion(id: Int64, retryAt: Date) async throws {
        _ = try await read(
            "UPDATE file_deletions SET attempts = attempts + 1, next_attempt_at = \(retryAt.unixSeconds) WHERE id = \(id)"
        )
    }

    public func pendingFileDeletions(contactID: Int64) async throws -> Int {
        try await read("SELECT COUNT(*) FROM file_deletions WHERE contact_id = \(contactID)").first?.decode(Int.self)
            ?? 0
    }

    public func nextFileDeletionDue() async throws -> Date? {
        try await read("SELECT MIN(next_attempt_at) FROM file_deletions").first?.decode(Double?.self)
            .map(Date.init(unixSeconds:))
    }
}
