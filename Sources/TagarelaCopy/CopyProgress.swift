import Foundation

/// How far one table's copy has come, e.g. `contacts 12,000/12,000 (100%)`.
public struct TableProgress: Sendable, Equatable, CustomStringConvertible {
    public var table: String
    public var copied: Int
    public var total: Int

    public var isComplete: Bool { copied >= total }

    /// Whole percent, rounded down so that 100% means every row.
    public var percent: Int { total == 0 ? 100 : copied * 100 / total }

    public var description: String {
        "\(table) \(Self.grouped(copied))/\(Self.grouped(total)) (\(percent)%)"
    }

    /// `12000` as `12,000`, whatever the locale, so the output reads the same everywhere.
    static func grouped(_ number: Int) -> String {
        var digits = String(number.magnitude)
        var groups: [Substring] = []
        while digits.count > 3 {
            groups.insert(digits.suffix(3), at: 0)
            digits.removeLast(3)
        }
        groups.insert(Substring(digits), at: 0)
        return (number < 0 ? "-" : "") + groups.joined(separator: ",")
    }
}

/// What a copy has copied, table by table, and how long it took.
public struct CopySummary: Sendable, Equatable, CustomStringConvertible {
    /// Rows per table, in the order they were copied.
    public var tables: [TableProgress]
    public var elapsed: Duration

    public var rows: Int { tables.map(\.copied).reduce(0, +) }

    public var description: String {
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return "copied \(TableProgress.grouped(rows)) rows in \(tables.count) tables in "
            + String(format: "%.1f s", seconds)
    }
}

/// What the copier reports while it runs: each table's progress, then the summary.
public enum CopyEvent: Sendable, Equatable {
    /// Sent once a table starts, after every batch, and so once with `isComplete` per table.
    case progress(TableProgress)
    case finished(CopySummary)
}

/// Prints copy events: on a terminal each table's line is rewritten in place, elsewhere (a log, a pipe)
/// only its final line is printed.
public struct CopyProgressPrinter: Sendable {
    public let isTerminal: Bool
    let write: @Sendable (String) -> Void

    public init(isTerminal: Bool, write: @escaping @Sendable (String) -> Void) {
        self.isTerminal = isTerminal
        self.write = write
    }

    public func show(_ event: CopyEvent) {
        switch event {
        case .progress(let progress) where isTerminal:
            // Counts only grow, so each rewrite covers the previous one entirely.
            write("\r\(progress)" + (progress.isComplete ? "\n" : ""))
        case .progress(let progress):
            if progress.isComplete { write("\(progress)\n") }
        case .finished(let summary):
            write("\(summary)\n")
        }
    }
}
