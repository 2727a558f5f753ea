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
        await withMCPToolbox(timeout: timeout) { toolbox in
            guard let toolbox else { return mcp.servers.map { MCPServerListing($0, tools: nil) } }
            return await toolbox.listing()
        }
    }

    /// `registry` with the tools the MCP servers offer now, each reached with `timeout` to connect and as long to list,
    /// for `body` (`tagarela tools call`); the servers are closed afterwards.
    public func withMCPTools<Result: Sendable>(
        _ registry: ToolRegistry, timeout: Duration, _ body: @Sendable (ToolRegistry) async throws -> Result
    ) async throws -> Result {
        try await withMCPToolbox(timeout: timeout) { toolbox in
            guard let toolbox else { return try await body(registry) }
            return try await body(await registry.adding(toolbox).current())
        }
    }

    /// A toolbox of the MCP servers (nil without any), listed once, for `body`; closed afterwards.
    private func withMCPToolbox<Result: Sendable>(
        timeout: Duration, _ body: @Sendable (MCPToolbox?) async throws -> Result
    ) async rethrows -> Result {
        var quick = self
        quick.tools.timeout = min(tools.timeout, timeout)
        // The command says which servers were not reached; their errors would only clutter the output.
        var quiet = Logger(label: "tools")
        quiet.logLevel = .critical
        guard let toolbox = Engine.makeMCP(quick, timeSource: SystemTimeSource(), logger: quiet) else {
            return try await body(nil)
        }
        await toolbox.refreshAll()
        do {
            let result = try await body(toolbox)
            await toolbox.close()
            return result
        } catch {
            await toolbox.close()
            throw error
        }
    }
}
