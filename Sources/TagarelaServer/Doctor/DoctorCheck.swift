import Foundation

/// One thing a first run needs, checked without changing anything.
public protocol DoctorCheck: Sendable {
    /// A short name printed before the outcome, e.g. `database`.
    var name: String { get }
    /// Runs the check; the doctor stops it after its timeout. Throwing counts as a failure.
    func run(_ context: DoctorContext) async throws -> DoctorOutcome
}

/// What every check may use: the HTTP client, and its time limit for one request.
public struct DoctorContext: Sendable {
    public var http: DoctorHTTP
    public var timeout: Duration

    public init(http: DoctorHTTP, timeout: Duration) {
        self.http = http
        self.timeout = timeout
    }
}

/// How one check ended.
public enum DoctorOutcome: Sendable, Equatable {
    /// Works; what was seen.
    case passed(String)
    /// Does not work: what was seen, and what to do.
    case failed(String, fix: String)
    /// Could not be checked, and why.
    case skipped(String)
    /// Not configured, naming the setting that turns it on.
    case notConfigured(String)
    /// Works, but should change: what to do. Not a failure.
    case warned(String)

    /// ✓, ✗, ⚠ (skipped or warned) or – (not configured).
    public var mark: String {
        switch self {
        case .passed: "✓"
        case .failed: "✗"
        case .skipped, .warned: "⚠"
        case .notConfigured: "–"
        }
    }

    public var isFailure: Bool {
        if case .failed = self { return true }
        return false
    }
}

/// One printed line: the check's name and its outcome.
public struct DoctorLine: Sendable, Equatable, CustomStringConvertible {
    public var name: String
    public var outcome: DoctorOutcome

    public var description: String {
        switch outcome {
        case .passed(let text): "✓ \(name): \(text)"
        case .failed(let text, let fix): "✗ \(name): \(text). Fix: \(fix)"
        case .skipped(let text): "⚠ \(name): skipped, \(text)"
        case .notConfigured(let text): "– \(name): not configured (\(text))"
        case .warned(let text): "⚠ \(name): \(text)"
        }
    }
}
