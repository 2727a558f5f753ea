import Foundation
import Logging
import ServiceLifecycle
import TagarelaChannels
import TagarelaCore
import TagarelaProviders

extension Engine {
    /// The MCP servers' tools, or nil without `MCP_SERVERS` (or when `LLM_TOOLS` offers none of them). HTTP servers are reached under the outbound policy:
    /// only the hosts the setting names, https, public addresses (loopback only with `OUTBOUND_ALLOW_LOOPBACK`),
    /// the connection pinned to the address checked. `OutboundFetcher` reads a body whole and so cannot follow an
    /// event stream: the transport asks its `check` and pins the address itself, as the fetcher does.
    static func makeMCP(_ configuration: Configuration, timeSource: any TimeSource, logger: Logger) -> MCPToolbox? {
        let settings = configuration.mcp
        guard !settings.servers.isEmpty, !configuration.tools.mcp.isNone else { return nil }
        let fetcher = OutboundFetcher(allowsLoopback: configuration.server.outboundAllowsLoopback)
        // MCP's transport has no redirects to follow: the endpoint is the one URL.
        let policy = OutboundPolicy(use: "MCP servers", hosts: settings.servers.compactMap(\.host), maxRedirects: 0)
        let timeout = configuration.tools.timeout
        return MCPToolbox(
            servers: settings.servers,
            connect: MCPServerConfig.connector(timeout: timeout) { url in
                let target = try await fetcher.check(url, policy: policy)
                return "\(target.address)"
            },
            refreshInterval: settings.refreshInterval, timeout: timeout, timeSource: timeSource, logger: logger,
            offers: { [choice = configuration.tools.mcp] in choice.offers(server: $0, tool: $1) })
    }
}

/// Keeps the MCP servers' tool lists current while the process runs, and closes the servers when it stops.
struct MCPToolboxService: Service {
    let toolbox: MCPToolbox

    func run() async throws {
        try await cancelWhenGracefulShutdown { await toolbox.run() }
    }
}
