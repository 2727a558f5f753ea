import Foundation

/// `handoff_to_human`: the contact needs a person. The turn ends with the handoff notice, and the bot stays
/// silent for this contact until an operator resumes it.
public struct HandoffTool: Tool {
    public static let name = "handoff_to_human"

    /// What the contact is told, in their language (a setting).
    let notice: String

    public init(notice: String) {
        self.notice = notice
    }

    public var definition: ToolDefinition {
        ToolDefinition(
            name: Self.name,
            description: """
                Hand the conversation to a human member of the team: when the contact asks for a person, is upset, \
                or needs something you cannot do. The contact is told a person will answer; you stop answering them.
                """,
            properties: [
                "reason": ["type": "string", "description": "Why a person is needed, in a few words, for the team."]
            ],
            required: ["reason"])
    }

    public func run(_ arguments: JSONValue, context: ToolContext) async throws -> ToolOutput {
        let reason = (arguments["reason"]?.stringValue ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        return ToolOutput(
            result: ["handed_off": true], effects: [.handoff(reason: reason.isEmpty ? "asked by the model" : reason)],
            endsTurnWith: notice)
    }
}
