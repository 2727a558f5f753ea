import TagarelaCore

/// A client of one MCP server over any transport: the initialize handshake, the tool list (page by page) and tool
/// calls (https://modelcontextprotocol.io/specification/2025-06-18/basic/lifecycle and …/server/tools).
public actor MCPClient {
    /// The version Tagarela asks for; a server may answer with another it speaks.
    public static let protocolVersion = "2025-06-18"
    /// Versions whose messages Tagarela reads (tool results gained `structuredContent` in 2025-06-18).
    static let understood: Set<String> = ["2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25"]
    /// A server that pages forever is cut off here.
    static let maxPages = 50

    let transport: any MCPTransport
    private var nextID = 1
    /// The server's name and version as it gave them in `initialize`.
    public private(set) var serverInfo: String = ""

    public init(transport: any MCPTransport) {
        self.transport = transport
    }

    /// `initialize`, then `notifications/initialized`; throws for a version Tagarela does not read.
    public func initialize() async throws {
        let result = try await request(
            "initialize",
            params: [
                "protocolVersion": .string(Self.protocolVersion), "capabilities": [:],
                "clientInfo": ["name": "tagarela", "version": "1"],
            ])
        guard let version = result["protocolVersion"]?.stringValue, Self.understood.contains(version) else {
            throw MCPError.protocolViolation(
                "it speaks protocol version \(result["protocolVersion"]?.jsonText ?? "none"), not one Tagarela reads")
        }
        let info = result["serverInfo"]
        serverInfo = [info?["name"]?.stringValue, info?["version"]?.stringValue].compactMap { $0 }.joined(
            separator: " ")
        await transport.agreed(protocolVersion: version)
        try await transport.send(notification: ["jsonrpc": "2.0", "method": "notifications/initialized"])
    }

    /// Every tool the server lists, following `nextCursor` page after page.
    public func listTools() async throws -> [MCPToolInfo] {
        var tools: [MCPToolInfo] = []
        var cursor: String?
        for _ in 0..<Self.maxPages {
            let params: JSONValue = cursor.map { ["cursor": .string($0)] } ?? [:]
            let result = try await request("tools/list", params: params)
            tools += (result["tools"]?.arrayValue ?? []).compactMap(MCPToolInfo.init)
            guard let next = result["nextCursor"]?.stringValue, !next.isEmpty else { return tools }
            cursor = next
        }
        throw MCPError.protocolViolation("tools/list gave more than \(Self.maxPages) pages")
    }

    /// Calls one tool. A tool that failed answers `isError`; a call the server refused (an unknown tool, arguments
    /// it cannot read) throws `MCPError.rpc`.
    /// `idempotencyKey` (a journal entry's, for a call with a side effect) goes in the request's `_meta` as
    /// `tagarela/idempotency-key`, for a server that can tell a repeat by it.
    public func callTool(_ name: String, arguments: JSONValue, idempotencyKey: String? = nil) async throws
        -> MCPToolResult
    {
        var params: [String: JSONValue] = ["name": .string(name), "arguments": arguments]
        if let idempotencyKey { params["_meta"] = ["tagarela/idempotency-key": .string(idempotencyKey)] }
        return MCPToolResult(try await request("tools/call", params: .object(params)))
    }

    public func close() async {
        await transport.close()
    }

    /// One request; its `result`, or its `error` thrown.
    private func request(_ method: String, params: JSONValue) async throws -> JSONValue {
        let id = nextID
        nextID += 1
        let answer = try await transport.send(
            request: ["jsonrpc": "2.0", "id": .int(id), "method": .string(method), "params": params], id: id)
        if let error = answer["error"] {
            throw MCPError.rpc(
                code: error["code"]?.intValue ?? 0, message: error["message"]?.stringValue ?? "no message")
        }
        guard let result = answer["result"], case .object = result else {
            throw MCPError.protocolViolation("the answer to \(method) has no result object")
        }
        return result
    }
}
