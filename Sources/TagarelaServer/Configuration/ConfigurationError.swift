import Foundation

/// A setting that cannot be used, described in one line that names it, e.g.
/// `PORT must be a whole number from 1 to 65535 (got "80a")`.
public struct ConfigurationError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The variable at fault, e.g. `PORT`; nil for a `.env` syntax error, which names its line instead.
    public var setting: String?
    /// The `.env` line at fault, counted from 1, for syntax errors.
    public var line: Int?
    /// The whole one-line message.
    public var message: String

    public init(setting: String?, line: Int? = nil, message: String) {
        self.setting = setting
        self.line = line
        self.message = message
    }

    public var description: String { message }

    /// `NAME must be EXPECTATION (got "VALUE")`, the shape of most errors.
    static func invalid(_ name: String, mustBe expectation: String, got value: String) -> ConfigurationError {
        ConfigurationError(setting: name, message: "\(name) must be \(expectation) (got \(quoted(value)))")
    }

    /// A `.env` syntax error at `line`.
    static func dotEnv(line: Int, _ problem: String) -> ConfigurationError {
        ConfigurationError(setting: nil, line: line, message: ".env line \(line): \(problem)")
    }

    /// The value in quotes, shortened and with line breaks escaped so the message stays on one line.
    static func quoted(_ value: String) -> String {
        var shown = value.count > 60 ? String(value.prefix(57)) + "…" : value
        shown = shown.replacingOccurrences(of: "\\", with: "\\\\")
        shown = shown.replacingOccurrences(of: "\n", with: "\\n").replacingOccurrences(of: "\r", with: "\\r")
        shown = shown.replacingOccurrences(of: "\"", with: "\\\"")
        return "\"\(shown)\""
    }

    /// Names joined the English way: `A`, `A and B`, `A, B and C`.
    static func list(_ names: [String]) -> String {
        guard let last = names.last else { return "" }
        guard names.count > 1 else { return last }
        return names.dropLast().joined(separator: ", ") + " and " + last
    }
}
