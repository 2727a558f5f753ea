import TagarelaCore

/// One tool as an MCP server's `tools/list` describes it.
public struct MCPToolInfo: Sendable, Equatable {
    public var name: String
    public var description: String
    /// The JSON Schema of its arguments (`inputSchema`).
    public var inputSchema: JSONValue
    /// `annotations.readOnlyHint`: the server says the tool changes nothing (a hint, trusted as far as the server
    /// is: https://modelcontextprotocol.io/specification/2025-06-18/server/tools#tool).
    public var readOnlyHint: Bool

    public init(name: String, description: String, inputSchema: JSONValue, readOnlyHint: Bool) {
        self.name = name
        self.description = description
        self.inputSchema = inputSchema
        self.readOnlyHint = readOnlyHint
    }

    /// Reads one entry of `tools/list`'s `tools`; nil for an entry without a name.
    init?(_ value: JSONValue) {
        guard let name = value["name"]?.stringValue, !name.isEmpty else { return nil }
        self.name = name
        description = value["description"]?.stringValue ?? value["title"]?.stringValue ?? ""
        inputSchema = value["inputSchema"] ?? ["type": "object"]
        readOnlyHint = value["annotations"]?["readOnlyHint"] == .bool(true)
    }
}

/// What a `tools/call` answered: content items, whether it is an error, and structured content if any.
public struct MCPToolResult: Sendable, Equatable {
    /// The text kept of one result for the model; past it the text is cut and says so.
    public static let maxTextLength = 16_000

    public var content: [JSONValue]
    public var isError: Bool
    public var structuredContent: JSONValue?

    public init(content: [JSONValue], isError: Bool, structuredContent: JSONValue? = nil) {
        self.content = content
        self.isError = isError
        self.structuredContent = structuredContent
    }

    init(_ value: JSONValue) {
        content = value["content"]?.arrayValue ?? []
        isError = value["isError"] == .bool(true)
        structuredContent = value["structuredContent"].flatMap { $0 == .null ? nil : $0 }
    }

    /// The content as text: text items as they are, other kinds summarised (an image is not shown to the model).
    public var texts: [String] {
        content.map { item in
            switch item["type"]?.stringValue {
            case "text": item["text"]?.stringValue ?? ""
            case "image", "audio":
                "[\(item["type"]?.stringValue ?? "") \(item["mimeType"]?.stringValue ?? "") not shown]"
            case "resource_link":
                "[link \(item["name"]?.stringValue ?? "") \(item["uri"]?.stringValue ?? "")]"
            case "resource":
                item["resource"]?["text"]?.stringValue
                    ?? "[resource \(item["resource"]?["uri"]?.stringValue ?? "") not shown]"
            default: "[\(item["type"]?.stringValue ?? "unknown") content not shown]"
            }
        }
    }

    /// The text of all items, capped at `maxTextLength`.
    public var text: String {
        let whole = texts.joined(separator: "\n")
        guard whole.count > Self.maxTextLength else { return whole }
        return String(whole.prefix(Self.maxTextLength)) + " [cut: the answer was longer]"
    }
}
