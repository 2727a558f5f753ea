import Foundation

/// A file Tagarela keeps for a while: a generated voice note served to Twilio at `PUBLIC_URL/media/<id>.ogg`
/// and uploaded to Meta; later the inbound audio the dashboard plays.
public struct StoredMedia: Sendable, Equatable {
    /// Unguessable: 32 hex digits from a random source. The served link needs no other secret.
    public var id: String
    public var contactID: Int64
    public var contentType: String
    public var bytes: Data
    public var createdAt: Date
    /// After this moment the link answers 404 and the file may be purged.
    public var expiresAt: Date
    /// Served at `/media/<id>.ogg` to anyone with the link (a voice note for Twilio to fetch); a contact's own
    /// audio is not public: only the admin API serves it.
    public var isPublic: Bool
    /// Where the bytes are when they are not in the database (`MEDIA_STORAGE=filesystem|s3`), e.g.
    /// `s3:<key>` or `file:<path>`; `bytes` are then what was read from there (empty as stored). Nil: in the row.
    public var location: String?

    public init(
        id: String, contactID: Int64, contentType: String, bytes: Data, createdAt: Date, expiresAt: Date,
        isPublic: Bool = true, location: String? = nil
    ) {
        self.location = location
        self.isPublic = isPublic
        self.id = id
        self.contactID = contactID
        self.contentType = contentType
        self.bytes = bytes
        self.createdAt = createdAt
        self.expiresAt = expiresAt
    }

    /// A fresh unguessable id (128 random bits).
    public static func newID() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<4).map { _ in String(format: "%08x", UInt32.random(in: .min ... .max, using: &generator)) }
            .joined()
    }
}

/// Where media files' records live, in the database (so every instance serves every file); their bytes are in the
/// row, or where `location` says (see `MediaFiles`).
public protocol MediaStore: Sendable {
    /// Stores the file, and deletes files that expired before `purgingBefore`.
    func saveMedia(_ media: StoredMedia, purgingBefore: Date) async throws
    /// The file, expired or not (the caller decides); nil when unknown.
    func media(id: String) async throws -> StoredMedia?
}
