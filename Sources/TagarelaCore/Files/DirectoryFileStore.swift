import Foundation

/// `MEDIA_STORAGE=filesystem`: files under `MEDIA_DIR`, which every instance must share (a volume mounted on
/// each). Written to a temporary name and renamed, so a reader never sees half a file.
public struct DirectoryFileStore: FileStore {
    public let scheme = "file"
    let root: URL

    public init(directory: String) {
        root = URL(fileURLWithPath: directory, isDirectory: true)
    }

    public func put(_ bytes: Data, key: String, contentType: String) async throws {
        let target = try url(of: key)
        try FileManager.default.createDirectory(
            at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        let partial = target.deletingLastPathComponent().appendingPathComponent(".\(UUID().uuidString).partial")
        try bytes.write(to: partial)
        // rename(2) replaces the target atomically, whether or not it exists.
        guard rename(partial.path, target.path) == 0 else {
            try? FileManager.default.removeItem(at: partial)
            throw FileStoreError.unavailable("could not write \(key) under \(root.path) (errno \(errno))")
        }
    }

    public func get(key: String) async throws -> Data {
        let file = try url(of: key)
        guard FileManager.default.fileExists(atPath: file.path) else { throw FileStoreError.notFound(key) }
        return try Data(contentsOf: file)
    }

    public func delete(key: String) async throws {
        let file = try url(of: key)
        guard FileManager.default.fileExists(atPath: file.path) else { return }
        try FileManager.default.removeItem(at: file)
    }

    /// Keys are Tagarela's own (`<contact>/<hex id>`); anything that could leave the directory is refused.
    func url(of key: String) throws -> URL {
        let parts = key.split(separator: "/", omittingEmptySubsequences: false)
        guard !parts.isEmpty, parts.allSatisfy({ !$0.isEmpty && $0 != "." && $0 != ".." && !$0.hasPrefix(".") })
        else { throw FileStoreError.notFound(key) }
        return parts.reduce(root) { $0.appendingPathComponent(String($1)) }
    }
}
