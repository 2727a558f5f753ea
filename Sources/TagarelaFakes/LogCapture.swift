import Logging
import Synchronization

/// Keeps every log line a test's server writes, with its metadata, so a test can check what was logged and
/// what never was. Share one capture with the logger it makes; the lines are read after the requests.
public final class LogCapture: Sendable {
    public struct Line: Sendable {
        public var level: Logger.Level
        public var message: String
        public var metadata: [String: String]

        /// The message and every metadata value: what a log collector would see of the line.
        public var everything: String { ([message] + metadata.values).joined(separator: " ") }

        /// The message, then `key=value` for each metadata value in key order: one line as a reader sees it.
        public var text: String {
            ([message] + metadata.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }).joined(separator: " ")
        }
    }

    private let captured = Mutex<[Line]>([])

    public init() {}

    public var lines: [Line] { captured.withLock { $0 } }

    /// A logger at `level` that writes here.
    public func logger(level: Logger.Level = .debug) -> Logger {
        var logger = Logger(label: "test.capture") { _ in Handler(capture: self) }
        logger.logLevel = level
        return logger
    }

    fileprivate func append(_ line: Line) {
        captured.withLock { $0.append(line) }
    }

    private struct Handler: LogHandler {
        let capture: LogCapture
        var logLevel: Logger.Level = .debug
        var metadata: Logger.Metadata = [:]

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let merged = metadata.merging(event.metadata ?? [:]) { $1 }
            capture.append(
                Line(level: event.level, message: "\(event.message)", metadata: merged.mapValues { "\($0)" }))
        }
    }
}
