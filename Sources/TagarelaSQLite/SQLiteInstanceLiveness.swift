import Foundation
import TagarelaCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Instance locks for processes sharing one SQLite file (a server, its restarted successor, `tagarela chat`):
/// `flock(2)` on one small file per owner in the folder `<database>.instances` beside the database. The kernel
/// drops the lock when the process dies, however it dies; another process's `LOCK_NB` attempt then succeeds.
public struct SQLiteInstanceLiveness: InstanceLiveness {
    let directory: URL

    /// For the database at `databasePath` (a file: an in-memory database is never shared).
    public init(databasePath: String) {
        directory = URL(fileURLWithPath: databasePath + ".instances", isDirectory: true)
    }

    /// The kernel drops a dead process's lock at once.
    public var deathNoticedWithin: Duration { .zero }

    public func holding<Result: Sendable>(
        _ owner: String, _ body: @escaping @Sendable (_ held: Bool) async throws -> Result
    ) async throws -> Result {
        let descriptor = try lockFile(owner)
        defer { close(descriptor) }
        return try await body(flock(descriptor, LOCK_EX | LOCK_NB) == 0)
    }

    public func isAlive(_ owner: String) async throws -> Bool {
        let descriptor = try lockFile(owner)
        defer { close(descriptor) }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else { return true }
        // Nobody holds it: the owner is gone, and so can its lock file (this process holds it while unlinking).
        unlink(path(of: owner))
        return false
    }

    /// One file per owner: the owner's name made safe for a file name, then a hash of the whole name, as an
    /// owner (a host name, an `INSTANCE_ID`) may hold any character.
    func path(of owner: String) -> String {
        let safe = String(
            owner.unicodeScalars.prefix(64).map { scalar in
                scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar) || "._-".unicodeScalars.contains(scalar))
                    ? Character(scalar) : "_"
            })
        let hash = String(StableHash.fnv1a64(owner), radix: 16)
        return directory.appendingPathComponent("\(safe)-\(hash).lock").path
    }

    private func lockFile(_ owner: String) throws -> Int32 {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let descriptor = open(path(of: owner), O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw StorageError.unavailable("cannot open the instance lock in \(directory.path): errno \(errno)")
        }
        return descriptor
    }
}
