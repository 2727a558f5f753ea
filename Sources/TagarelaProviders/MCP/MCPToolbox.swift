import Foundation
import Logging
import TagarelaCore

/// The tools of every MCP server in `MCP_SERVERS`, kept current: listed when `run` starts (each server on its own,
/// so one that is down delays no other and stops nothing), listed again when a server says its tools changed, and
/// on every `refreshInterval`. A server that cannot be reached offers no tools until a later listing reaches it.
/// A turn that starts before the first listing has finished waits for it (each server has `timeout` to connect and
/// `timeout` to list), so the first contacts after a start see the same tools as the next ones.
public actor MCPToolbox: ToolSource {
    /// Opens a transport to one server; notices the server sends go to the closure.
    public typealias Connect =
        @Sendable (MCPServerConfig, _ onNotification: @escaping @Sendable (String) -> Void) async throws ->
        any MCPTransport

    private struct Connected {
        var client: MCPClient
        var tools: [any Tool]
    }

    public let servers: [MCPServerConfig]
    let connect: Connect
    let refreshInterval: Duration
    /// For connecting and listing; calls have the registry's timeout.
    let timeout: Duration
    let timeSource: any TimeSource
    let logger: Logger
    /// Whether a server's tool, by its prefixed name, is offered to the model (`LLM_TOOLS`).
    let offers: @Sendable (_ server: String, _ tool: String) -> Bool
    private var connected: [String: Connected] = [:]
    /// Opens when the first listing has finished, reached or not.
    private let listed = StartGate()
    private let changes: AsyncStream<String>
    private let changed: AsyncStream<String>.Continuation

    public init(
        servers: [MCPServerConfig], connect: @escaping Connect, refreshInterval: Duration, timeout: Duration,
        timeSource: any TimeSource, logger: Logger,
        offers: @escaping @Sendable (_ server: String, _ tool: String) -> Bool = { _, _ in true }
    ) {
        self.offers = offers
        self.servers = servers
        self.connect = connect
        self.refreshInterval = refreshInterval
        self.timeout = timeout
        self.timeSource = timeSource
        self.logger = logger
        let stream = AsyncStream.makeStream(of: String.self, bufferingPolicy: .bufferingNewest(64))
        changes = stream.stream
        changed = stream.continuation
    }

    /// The tools of the servers reached that are offered, in the order `MCP_SERVERS` names them.
    public func currentTools() async -> [any Tool] {
        if !listed.isOpen {
            // Bounded all the same: a toolbox whose `run` never started must not hold up turns for ever.
            _ = try? await withTimeout(timeout * 2 + .seconds(1), orThrow: { CancellationError() }) {
                [listed] in await listed.wait()
            }
        }
        return servers.flatMap { server in
            (connected[server.name]?.tools ?? []).filter { offers(server.name, $0.definition.name) }
        }
    }

    /// Lists every server's tools now, all at once.
    public func refreshAll() async {
        await withTaskGroup(of: Void.self) { group in
            for server in servers { group.addTask { await self.refresh(server) } }
        }
        listed.open()
    }

    /// Lists at once, then on each notice and each interval, until cancelled; closes the servers when it ends.
    public func run() async {
        await refreshAll()
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                for await name in self.changes {
                    if let server = self.servers.first(where: { $0.name == name }) { await self.refresh(server) }
                }
            }
            group.addTask {
                while (try? await self.timeSource.sleep(for: self.refreshInterval)) != nil {
                    await self.refreshAll()
                }
            }
            _ = await group.next()
            group.cancelAll()
        }
        changed.finish()
        await close()
    }

    /// The offered tools of `server`, nil while it is not reached: what the dashboard and `tagarela tools list` show.
    public func offeredTools(of server: String) -> [any Tool]? {
        connected[server].map { $0.tools.filter { offers(server, $0.definition.name) } }
    }

    /// Closes every server reached (`run` does it when it ends; a toolbox used without it closes itself).
    public func close() async {
        for (name, server) in connected {
            await server.client.close()
            connected[name] = nil
        }
    }

    /// Calls `tool` on `server`. A session the server forgot is opened again and the call made once more (the
    /// server never saw it); a server that cannot be reached loses its tools until it is listed again.
    func call(server name: String, tool: String, arguments: JSONValue, idempotencyKey: String? = nil) async throws
        -> MCPToolResult
    {
        guard let client = connected[name]?.client else {
            throw ToolError("the \(name) MCP server cannot be reached now")
        }
        do {
            return try await client.callTool(tool, arguments: arguments, idempotencyKey: idempotencyKey)
        } catch MCPError.sessionExpired {
            guard let server = servers.first(where: { $0.name == name }), await refresh(server),
                let client = connected[name]?.client
            else { throw ToolError("the \(name) MCP server cannot be reached now") }
            return try await client.callTool(tool, arguments: arguments, idempotencyKey: idempotencyKey)
        } catch let error as MCPError where error.isAnswer {
            throw ToolError("\(error)")
        } catch {
            // A call cut short by its timeout says nothing about the server; anything else means it is gone.
            if Task.isCancelled { throw error }
            await disconnect(name, because: error)
            throw ToolError("the \(name) MCP server cannot be reached now (\(error))")
        }
    }

    /// Lists one server's tools, connecting first if needed; true when it answered.
    @discardableResult
    private func refresh(_ server: MCPServerConfig) async -> Bool {
        do {
            let client = try await client(for: server)
            let infos = try await withTimeout(
                timeout, orThrow: { [timeout] in MCPError.closed("no tool list within \(timeout)") }
            ) { try await client.listTools() }
            var names = Set<String>()
            var tools: [any Tool] = []
            for info in infos {
                let name = MCPTool.name(server: server.name, tool: info.name)
                guard names.insert(name).inserted else {
                    logger.warning(
                        "MCP tool left out: its name is taken",
                        metadata: ["server": "\(server.name)", "tool": "\(name)"])
                    continue
                }
                tools.append(MCPTool(info, name: name, server: server, toolbox: self))
            }
            if connected[server.name] != nil {
                connected[server.name]?.tools = tools
            }
            logger.debug("MCP tools listed", metadata: ["server": "\(server.name)", "tools": "\(tools.count)"])
            return true
        } catch {
            await disconnect(server.name, because: error)
            return false
        }
    }

    /// The connected client, or a new one after a handshake.
    private func client(for server: MCPServerConfig) async throws -> MCPClient {
        if let client = connected[server.name]?.client { return client }
        let name = server.name
        let transport = try await connect(server) { [changed] method in
            if method == "notifications/tools/list_changed" { changed.yield(name) }
        }
        let client = MCPClient(transport: transport)
        do {
            try await withTimeout(timeout, orThrow: { [timeout] in MCPError.closed("no handshake within \(timeout)") })
            {
                try await client.initialize()
            }
        } catch {
            await client.close()
            throw error
        }
        // Another refresh may have connected meanwhile: the first one stays.
        if let other = connected[name]?.client {
            await client.close()
            return other
        }
        connected[name] = Connected(client: client, tools: [])
        let info = await client.serverInfo
        logger.info("MCP server connected", metadata: ["server": "\(name)", "info": "\(info)"])
        return client
    }

    private func disconnect(_ name: String, because error: any Error) async {
        let gone = connected.removeValue(forKey: name)
        logger.warning(
            "MCP server unreachable: its tools are not offered until it answers again",
            metadata: ["server": "\(name)", "error": "\(error)"])
        await gone?.client.close()
    }
}
