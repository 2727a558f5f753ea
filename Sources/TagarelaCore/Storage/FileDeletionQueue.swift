import Foundation

/// A file kept outside the database whose record is gone (an item or a contact deleted, a purge): it is deleted
/// where it lives, retried until that answers.
public struct FileDeletion: Sendable, Equatable {
    public var id: Int64
    /// The `StoredMedia.location` of the file.
    public var location: String
    /// The contact it belonged to (who may be deleted already): their erasure is done once none is left.
    public var contactID: Int64
    public var attempts: Int

    public init(id: Int64, location: String, contactID: Int64, attempts: Int) {
        self.id = id
        self.location = location
        self.contactID = contactID
        self.attempts = attempts
    }
}

/// The durable queue of files to delete outside the database. Rows are added by the store itself, in the same
/// transaction that removes a file's record, so no deletion is ever lost to a crash or an unreachable bucket.
public protocol FileDeletionQueue: Sendable {
    /// Deletions due at `now`, oldest first. Several instances may get the same one: deleting twice is harmless.
    func dueFileDeletions(now: Date, limit: Int) async throws -> [FileDeletion]
    /// The file is gone where it lived.
    func finishFileDeletion(id: Int64) async throws
    /// It could not be deleted now: tried again at `retryAt`.
    func postponeFileDeletion(id: Int64, retryAt: Date) async throws
    /// How many of the contact's files are still to delete.
    func pendingFileDeletions(contactID: Int64) async throws -> Int
    /// When the next deletion is due; nil when none waits.
    func nextFileDeletionDue() async throws -> Date?
}
