import Foundation

/// `set_reply_mode`: the contact asked, in their own words, to be answered by voice or in text ("me manda
/// áudio", "prefiro texto"); the choice is remembered until they change it.
public struct ReplyModeTool: Tool {
    public static let name = "set_reply_mode"

    public init() {}

    public var definition: ToolDefinition {
        ToolDefinition(
            name: Self.name,
            description: """
                Remember how the contact wants to be answered from now on: "voice" (voice notes), "text", or \
                "default" (voice notes only when they send one). Use it only when the contact asks for it.
                """,
            properties: ["mode": ["type": "string", "enum": ["voice", "text", "default"]]],
            required: ["mode"])
    }

    public func run(_ arguments: JSONValue, context: ToolContext) async throws -> ToolOutput {
        let mode = arguments["mode"]?.stringValue?.lowercased() ?? ""
        if mode == "default" {
            return ToolOutput(result: ["mode": "default"], effects: [.replyMode(nil)])
        }
        guard let chosen = ReplyMode(rawValue: mode) else {
            throw ToolError("mode must be voice, text or default")
        }
        return ToolOutput(result: ["mode": .string(chosen.rawValue)], effects: [.replyMode(chosen)])
    }
}
