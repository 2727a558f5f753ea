import Foundation
import TagarelaCore

/// A private directory (mode 0700) for one conversion's files, removed whatever happens.
enum ScratchDirectory {
    /// The prefix of every scratch directory, so a leak is easy to spot (and to test for).
    static let prefix = "tagarela-audio-"

    /// Runs `body` with a fresh directory under `root` and removes it afterwards: on success, on error and on
    /// cancellation (which arrives as an error).
    static func with<Result>(in root: URL, _ body: (URL) async throws -> Result) async throws -> Result {
        let directory = root.appendingPathComponent(prefix + UUID().uuidString, isDirectory: true)
        do {
            try FileManager.default.createDirectory(
                at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw VoiceError.conversionFailed("cannot create a temporary directory in \(root.path): \(error)")
        }
        defer { try? FileManager.default.removeItem(at: directory) }
        return try await body(directory)
    }
}
