import Foundation
import TagarelaCore

/// One MCP server of `MCP_SERVERS`: its name (the prefix of its tools), how to reach it, and which of its tools
/// count as read-only or need the contact's confirmation whatever the server says.
public struct MCPServerConfig: Sendable, Equatable {
    /// How Tagarela talks to the server.
    public enum Endpoint: Sendable, Equatable {
        /// Streamable HTTP at `url`, with `headers` on every request (secrets already expanded).
        case http(url: URL, headers: [String: String])
        /// A local command, started with exactly `environment`.
        case stdio(executable: URL, arguments: [String], environment: [String: String])
    }

    /// Which tools count as read-only.
    public enum ReadOnly: Sendable, Equatable {
        /// Those the server marks `readOnlyHint`.
        case hints
        /// All of them: the operator vouches for the server.
        case all
        /// Those named (the server's own names), and those the server marks.
        case named(Set<String>)
    }

    public var name: String
    public var endpoint: Endpoint
    public var readOnly: ReadOnly
    /// Tools (the server's own names) whose calls wait for the contact's yes.
    public var confirm: Set<String>

    public init(name: String, endpoint: Endpoint, readOnly: ReadOnly = .hints, confirm: Set<String> = []) {
        self.name = name
        self.endpoint = endpoint
        self.readOnly = readOnly
        self.confirm = confirm
    }

    /// What a call of `tool` does beyond answering: confirmation first, then the operator's word, then the
    /// server's hint; a tool nobody vouches for has a side effect.
    public func kind(of tool: MCPToolInfo) -> ToolKind {
        if confirm.contains(tool.name) { return .sideEffect(confirm: true) }
        switch readOnly {
        case .all: return .readOnly
        case .named(let names) where names.contains(tool.name): return .readOnly
        case .hints, .named: return tool.readOnlyHint ? .readOnly : .sideEffect(confirm: false)
        }
    }

    /// The host the outbound policy lets this server's requests reach; nil for a local command.
    public var host: String? {
        guard case .http(let url, _) = endpoint else { return nil }
        return url.host?.lowercased()
    }
}
