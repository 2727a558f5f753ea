import Foundation

/// The `MediaStore` the rest of the server uses: records in the database, bytes where `MEDIA_STORAGE` says.
/// New files go to `writer` (nil: into the row, as before); a file is read from wherever its row says it is,
/// so files written under an earlier setting stay readable. Deleting is the store's business: removing a row
/// queues its file (`FileDeletionQueue`), and the `FileJanitor` deletes it.
public struct MediaFiles: MediaStore {
    let records: any MediaStore
    let writer: (any FileStore)?
    /// Every configured place files may be read from, by scheme.
    let readers: [String: any FileStore]

    public init(records: any MediaStore, writer: (any FileStore)?, readers: [any FileStore] = []) {
        self.records = records
        self.writer = writer
        self.readers = Dictionary((readers + (writer.map { [$0] } ?? [])).map { ($0.scheme, $0) }) { first, _ in first }
    }

    /// The key a file is written under: its contact, then its unguessable id.
    static func key(of media: StoredMedia) -> String { "\(media.contactID)/\(media.id)" }

    public func saveMedia(_ media: StoredMedia, purgingBefore: Date) async throws {
        guard let writer else { return try await records.saveMedia(media, purgingBefore: purgingBefore) }
        // The file first: a row never names a file that is not there (a file without a row is only litter).
        let key = Self.key(of: media)
        try await writer.put(media.bytes, key: key, contentType: media.contentType)
        var record = media
        record.bytes = Data()
        record.location = writer.location(of: key)
        try await records.saveMedia(record, purgingBefore: purgingBefore)
    }

    public func media(id: String) async throws -> StoredMedia? {
        guard var media = try await records.media(id: id) else { return nil }
        guard let location = media.location else { return media }
        media.bytes = try await file(at: location)
        return media
    }

    /// The bytes at a row's `location`.
    func file(at location: String) async throws -> Data {
        let (store, key) = try place(of: location)
        return try await store.get(key: key)
    }

    /// The store and key a location names.
    func place(of location: String) throws -> (any FileStore, String) {
        guard let colon = location.firstIndex(of: ":"), let store = readers[String(location[..<colon])] else {
            throw FileStoreError.unknownLocation(location)
        }
        return (store, String(location[location.index(after: colon)...]))
    }

    /// Deletes the file at `location` where it lives.
    func deleteFile(at location: String) async throws {
        let (store, key) = try place(of: location)
        try await store.delete(key: key)
    }
}
