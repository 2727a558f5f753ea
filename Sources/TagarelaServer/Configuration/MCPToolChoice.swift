import Foundation

/// Which MCP servers' tools `LLM_TOOLS` offers the model: all of them (`all`, the default), none (`none`, or a list
/// that names none), or those a list names, a whole server as `<server>_*` or one tool by its prefixed name. Server
/// names are checked at start-up; a tool's name only when its server lists it, at run time.
public struct MCPToolChoice: Sendable, Equatable {
    /// Every server's tools.
    public var everything: Bool
    /// Servers all of whose tools are offered.
    public var servers: Set<String> = []
    /// Tools offered one by one, by their prefixed name (`orders_lookup_order`).
    public var tools: Set<String> = []

    public static let all = MCPToolChoice(everything: true)
    public static let none = MCPToolChoice(everything: false)

    /// Whether nothing at all is offered.
    public var isNone: Bool { !everything && servers.isEmpty && tools.isEmpty }

    /// The list's MCP entries as `LLM_TOOLS` names them; none when every server's tools are offered.
    var entries: [String] { everything ? [] : servers.sorted().map { "\($0)_*" } + tools.sorted() }

    /// Whether `server`'s tool `tool` (its prefixed name) is offered.
    public func offers(server: String, tool: String) -> Bool {
        everything || servers.contains(server) || tools.contains(tool)
    }

    /// Takes `entry` of an `LLM_TOOLS` list if it names an MCP server's tools (`<server>_*` or `<server>_<tool>`,
    /// for a server of `serverNames`); false when it names none.
    mutating func take(_ entry: String, serverNames: [String]) -> Bool {
        if entry.hasSuffix("_*"), serverNames.contains(String(entry.dropLast(2))) {
            servers.insert(String(entry.dropLast(2)))
            return true
        }
        guard serverNames.contains(where: { entry.hasPrefix($0 + "_") && entry.count > $0.count + 1 }) else {
            return false
        }
        tools.insert(entry)
        return true
    }
}
