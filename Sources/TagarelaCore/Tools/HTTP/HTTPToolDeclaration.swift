import Foundation

/// One of the business's own tools as its tools file declares it: what the model sees (name, description,
/// arguments) and the HTTP request each call makes, with its safety settings.
public struct HTTPToolDeclaration: Sendable, Equatable {
    /// A request header, its value a template.
    public struct Header: Sendable, Equatable {
        public var name: String
        public var value: TextTemplate
    }

    public var name: String
    public var description: String
    public var parameters: ToolSchema
    /// `read_only: true`: calling it changes nothing, so it needs no journal and no confirmation.
    public var readOnly: Bool
    /// `confirm: true`: the contact must agree to the exact call first (a tool with a side effect only).
    public var confirm: Bool
    /// `timeout_seconds`: at most `TOOL_TIMEOUT_SECONDS`.
    public var timeout: Duration
    /// `allow_private_addresses: true`: the service may be on loopback or a private network (tests, an intranet).
    public var allowsPrivateAddresses: Bool
    public var method: String
    public var url: TextTemplate
    public var headers: [Header]
    public var body: BodyTemplate?
    /// The hosts the URL names: the only ones a call may reach, redirects included.
    public var hosts: [String]
    /// Settings the request names (`${NAME}`) that are not set: calls are refused until they are.
    public var unsetSettings: [String] = []

    public var kind: ToolKind { readOnly ? .readOnly : .sideEffect(confirm: confirm) }

    public var definition: ToolDefinition {
        ToolDefinition(name: name, description: description, parameters: parameters.json)
    }
}
