import Foundation
import GRDB
import TagarelaCore

/// The embedded store: one SQLite file in WAL mode. SQLite runs one write transaction at a time, so every
/// claim is exclusive by construction; the lease columns still matter when a second process (a restarted
/// instance) opens the same file.
public struct ConversationSQLiteStore: ConversationStore {
    let writer: any DatabaseWriter
    /// Every write goes through it: concurrent writes share one transaction (group commit).
    let batcher: WriteBatcher
    let counter = RoundTripCounter()

    /// The schema's migrations, in order, as `grdb_migrations` records them: what a file this version wrote may hold.
    public static var migrationIdentifiers: [String] { SQLiteSchema.migrator.migrations }

    public init(writer: any DatabaseWriter) {
        self.writer = writer
        self.batcher = WriteBatcher(writer: writer)
    }

    /// Opens and migrates the database at `path`; a file database checkpoints its WAL in the background.
    public init(path: String, synchronous: SQLiteDatabase.Synchronous = .normal) throws {
        self.writer = try SQLiteDatabase.open(path: path, synchronous: synchronous)
        let checkpointer = path == ":memory:" ? nil : try BackgroundCheckpointer(path: path)
        self.batcher = WriteBatcher(writer: writer, checkpointer: checkpointer)
    }

    public var roundTrips: Int { counter.count }

    /// Every read of the store: counted, then run on a reader connection.
    func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        counter.add()
        return try await writer.read(body)
    }

    /// Every write of the store: counted, then group-committed with the writes that arrive meanwhile.
    func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        counter.add()
        return try await batcher.write(body)
    }
}
