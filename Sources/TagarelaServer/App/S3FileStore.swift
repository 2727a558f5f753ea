import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import TagarelaChannels
import TagarelaCore
import TagarelaObjectStorage

/// `MEDIA_STORAGE=s3`: files as objects in the configured bucket, under `S3_PREFIX`. Nothing is public: the
/// bucket is read and written with the access key, and links handed out are Tagarela's own.
struct S3FileStore: FileStore {
    let scheme = "s3"
    let client: S3Client
    /// The largest file read back whole: WhatsApp's largest media.
    let maxBytes = MediaLimits.whatsApp.largest

    func put(_ bytes: Data, key: String, contentType: String) async throws {
        _ = try await client.put(key: key, body: ByteBuffer(bytes: bytes), contentType: contentType)
    }

    func get(key: String) async throws -> Data {
        do {
            let object = try await client.get(key: key)
            return Data(sharing: try await object.bytes(upTo: maxBytes))
        } catch .notFound {
            throw FileStoreError.notFound(key)
        }
    }

    func delete(key: String) async throws {
        try await client.delete(key: key)
    }
}

extension Engine {
    /// The kept files' store: bytes written where `MEDIA_STORAGE` says, read from every place configured.
    static func makeMediaFiles(
        _ configuration: Configuration, store: any MediaStore, httpClient: HTTPClient, logger: Logger
    ) throws -> MediaFiles {
        let settings = configuration.mediaStorage
        let directory = settings.directory.map { DirectoryFileStore(directory: $0) }
        let bucket = settings.s3.map {
            S3FileStore(client: S3Client(settings: $0, httpClient: httpClient, logger: logger))
        }
        let writer: (any FileStore)? =
            switch settings.kind {
            case .database: nil
            case .filesystem: directory
            case .s3: bucket
            }
        let readers: [(any FileStore)?] = [directory, bucket]
        return MediaFiles(records: store, writer: writer, readers: readers.compactMap { $0 })
    }
}
