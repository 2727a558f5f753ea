import Foundation

/// Where files' bytes live when not in the database (`MEDIA_STORAGE=filesystem|s3`). Keys are chosen by
/// Tagarela (`<contact>/<id>`); `location(of:)` is what the media row keeps, so a file stays readable wherever it
/// was written even after the setting changes.
public protocol FileStore: Sendable {
    /// The prefix of this store's locations: `file` or `s3`.
    var scheme: String { get }
    func put(_ bytes: Data, key: String, contentType: String) async throws
    /// The bytes; throws `FileStoreError.notFound` when there is no such file.
    func get(key: String) async throws -> Data
    /// Deletes the file; one that is already gone is not an error.
    func delete(key: String) async throws
}

extension FileStore {
    /// `<scheme>:<key>`, as a media row keeps it.
    public func location(of key: String) -> String { "\(scheme):\(key)" }
}

public enum FileStoreError: Error, Sendable, Equatable, CustomStringConvertible {
    case notFound(String)
    /// A location names a store that is not configured now.
    case unknownLocation(String)
    case unavailable(String)

    public var description: String {
        switch self {
        case .notFound(let key): "no file \(key)"
        case .unknownLocation(let location): "no configured storage holds \(location)"
        case .unavailable(let detail): "the file storage is unavailable: \(detail)"
        }
    }
}
