import Foundation
import Logging
import TagarelaCore
import TagarelaProviders

/// One MCP server as `tagarela tools list` and the dashboard's Settings show it, with its offered tools when reached.
public struct MCPServerListing: Sendable, Equatable {
    public var name: String
    /// `http` (Streamable HTTP) or `stdio`.
    public var transport: String
    /// The URL's host, or the command's name.
    public var host: String
    /// The tools `LLM_TOOLS` offers of it; nil when it was not reached.
    public var tools: [ToolListing]?

    init(_ server: MCPServerConfig, tools: [any Tool]?) {
        name = server.name
        switch server.endpoint {
        case .http(let url, _):
            transport = "http"
            host = url.host() ?? url.absoluteString
        case .stdio(let executable, _, _):
            transport = "stdio"
            host = executable.lastPathComponent
        }
        self.tools = tools.map { [host] tools in
            tools.map {
                ToolListing(
                    name: $0.definition.name, origin: "MCP", kind: ToolSettings.describe($0.kind),
                    hosts: server.host.map { [$0] } ?? [host])
            }
        }
    }
}

extension MCPToolbox {
    /// Every server with the tools offered of it as listed so far (nil for one not reached).
    func listing() async -> [MCPServerListing] {
        var listing: [MCPServerListing] = []
        for server in servers { listing.append(MCPServerListing(server, tools: offeredTools(of: server.name))) }
        return listing
    }
}

extension Configuration {
    /// The MCP servers with their tools, each server reached now with `timeout` to connect and as long to list, then
    /// closed (for `tagarela tools list`); a server not reached in time is listed without tools.
    public func listMCPServers(timeout: Duration) async -> [MCPServerListing] {
        var quick = self
        quick.tools.timeout = min(tools.timeout, timeout)
        // The listing says which servers were not reached; their errors would only clutter the output.
        var quiet = Logger(label: "tools-list")
        quiet.logLevel = .critical
        guard let toolbox = Engine.makeMCP(quick, timeSource: SystemTimeSource(), logger: quiet) else {
            return mcp.servers.map { MCPServerListing($0, tools: nil) }
        }
        await toolbox.refreshAll()
        let listing = await toolbox.listing()
        await toolbox.close()
        return listing
    }
}
