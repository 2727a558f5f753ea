/// A function the model may call: its name, what it is for, and its arguments as a JSON schema.
public struct ToolDefinition: Sendable, Equatable {
    public var name: String
    public var description: String
    /// A JSON schema of type `object`; each provider wraps it in its own shape.
    public var parameters: JSONValue

    public init(name: String, description: String, parameters: JSONValue) {
        self.name = name
        self.description = description
        self.parameters = parameters
    }
}

extension ToolDefinition {
    /// A function whose arguments are one JSON object: its `properties` (a JSON schema each) and the names of the
    /// ones the model must give. The built-in tools are declared this way.
    public init(name: String, description: String, properties: [String: JSONValue], required: [String]) {
        self.init(
            name: name, description: description,
            parameters: [
                "type": "object", "properties": .object(properties), "required": .array(required.map { .string($0) }),
            ])
    }
}

/// One call the model asked for.
public struct ToolCall: Sendable, Equatable {
    /// The id the answer must refer to (OpenAI `call_id`/`tool_call_id`; Gemini's optional `id`, else made up).
    public var id: String
    public var name: String
    /// The arguments as an object. OpenAI sends them as JSON text: text that is not JSON stays a `.string`, and
    /// the tool answers the model that its arguments were unreadable.
    public var arguments: JSONValue

    public init(id: String, name: String, arguments: JSONValue) {
        self.id = id
        self.name = name
        self.arguments = arguments
    }
}

/// What a tool answered to one call, returned to the model as data (errors too: `{"error": "…"}`).
public struct ToolResult: Sendable, Equatable {
    public var callID: String
    public var name: String
    public var output: JSONValue

    public init(callID: String, name: String, output: JSONValue) {
        self.callID = callID
        self.name = name
        self.output = output
    }
}

/// Items a provider needs to see again exactly as it sent them (Gemini's `thoughtSignature` parts, OpenAI's
/// reasoning items). Only the provider that made them reads them; any other rebuilds the step from its calls.
public struct ProviderReplay: Sendable, Equatable {
    public var provider: String
    public var items: JSONValue

    public init(provider: String, items: JSONValue) {
        self.provider = provider
        self.items = items
    }
}

/// One round of tool calling inside a turn: what the model called, and what the tools answered.
public struct ToolStep: Sendable, Equatable {
    /// Text the model wrote beside its calls, if any.
    public var text: String
    public var calls: [ToolCall]
    public var results: [ToolResult]
    public var replay: ProviderReplay?

    public init(text: String = "", calls: [ToolCall], results: [ToolResult], replay: ProviderReplay? = nil) {
        self.text = text
        self.calls = calls
        self.results = results
        self.replay = replay
    }
}

/// Whether the model may call tools in this request.
public enum ToolChoice: String, Sendable, Equatable {
    case auto
    /// The last step of a bounded loop: the model must answer in words now.
    case none
}
