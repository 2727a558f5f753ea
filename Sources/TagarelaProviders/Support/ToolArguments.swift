import Foundation
import TagarelaCore

/// OpenAI's tool arguments arrive as JSON text; the core wants an object.
enum ToolArguments {
    /// The parsed object; empty text is no arguments; text that is not JSON is kept as a string, so the tool
    /// tells the model its arguments were unreadable instead of the turn failing.
    static func parse(_ text: String) -> JSONValue {
        if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { return .object([:]) }
        return JSONValue(parsing: text) ?? .string(text)
    }
}
