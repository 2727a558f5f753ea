import Foundation
import GRDB

/// Opens the SQLite file with the settings the queue relies on, and migrates it.
public enum SQLiteDatabase {
    /// How hard SQLite works to keep a commit through a power cut. Both survive a killed process.
    public enum Synchronous: String, Sendable {
        /// A commit survives a crash of the process; the last commits may be lost if the machine loses power.
        case normal = "NORMAL"
        /// A commit survives a power cut too, at the cost of an fsync per commit.
        case full = "FULL"
    }

    /// Opens (creating if needed) and migrates the database at `path` (`:memory:` for a private in-memory one).
    public static func open(path: String, synchronous: Synchronous = .normal) throws -> any DatabaseWriter {
        var configuration = Configuration()
        // Several processes may share the file (a restarted instance while the old one dies): wait, don't fail.
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = \(synchronous.rawValue)")
            // Checkpoints run in the background (``BackgroundCheckpointer``); this is only the safety net.
            try db.execute(sql: "PRAGMA wal_autocheckpoint = \(BackgroundCheckpointer.safetyNetPages)")
        }
        let writer: any DatabaseWriter
        if path == ":memory:" {
            writer = try DatabaseQueue(configuration: configuration)
        } else {
            let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            writer = try DatabasePool(path: path, configuration: configuration)
        }
        try SQLiteSchema.migrator.migrate(writer)
        return writer
    }
}

extension Date {
    /// The REAL column form of a date.
    var sqlSeconds: Double { timeIntervalSince1970 }

    init(sqlSeconds: Double) {
        self.init(timeIntervalSince1970: sqlSeconds)
    }
}
