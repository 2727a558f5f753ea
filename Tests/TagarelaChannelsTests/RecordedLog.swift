import Logging
import Synchronization

/// The messages and metadata a logger wrote, one string per line, for tests that check what was logged.
final class RecordedLog: Sendable {
    private let recorded = Mutex<[String]>([])

    var lines: [String] { recorded.withLock { $0 } }

    /// A logger at `.debug` that writes here.
    func logger() -> Logger {
        var logger = Logger(label: "test.recorded") { _ in Handler(log: self) }
        logger.logLevel = .debug
        return logger
    }

    private struct Handler: LogHandler {
        let log: RecordedLog
        var logLevel: Logger.Level = .debug
        var metadata: Logger.Metadata = [:]

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let merged = metadata.merging(event.metadata ?? [:]) { $1 }
            let fields = merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
            log.recorded.withLock { $0.append(([event.message.description] + fields).joined(separator: " ")) }
        }
    }
}
