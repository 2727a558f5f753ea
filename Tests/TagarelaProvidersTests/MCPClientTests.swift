import Foundation
import TagarelaCore
import TagarelaFakes
import Testing

@testable import TagarelaProviders

/// The MCP client against a real server: the official Python SDK (scripts/mcp-for-tests), over Streamable HTTP
/// answering as event streams and as JSON. Skipped without TAGARELA_TEST_MCP_URL, failed without it under CI.
@Suite(
    "MCP client: a real server over Streamable HTTP",
    .enabled(if: MCPTestServer.isEnabled, Comment(rawValue: MCPTestServer.skipped)),
    .timeLimit(.minutes(3)))
struct MCPClientTests {
    static let allTools = [
        "lookup_order", "book_slot", "calls_made", "booking_key", "broken_tool", "add_tool", "quit_server",
    ]

    /// Runs `body` with a client connected to the test server, closed whatever happens: a client (and its
    /// HTTP client) let go without closing would end the whole test process.
    func withConnected<T>(json: Bool, _ body: (MCPClient) async throws -> T) async throws -> T {
        let transport = MCPHTTPTransport(
            url: try MCPTestServer.url(json: json), headers: [("X-Test", "1")], pinnedAddress: "127.0.0.1",
            timeout: .seconds(20), onNotification: { _ in })
        let client = MCPClient(transport: transport)
        do {
            try await client.initialize()
            let value = try await body(client)
            await client.close()
            return value
        } catch {
            await client.close()
            throw error
        }
    }

    @Test(
        "initialize, then every page of tools/list, with their schemas and read-only hints", arguments: [false, true])
    func listsEveryPage(json: Bool) async throws {
        let (info, tools) = try await withConnected(json: json) { client in
            // The server gives two tools a page: all six arrive only by following nextCursor.
            (await client.serverInfo, try await client.listTools())
        }
        #expect(info == "tagarela-test-orders 1.0")
        #expect(tools.map(\.name) == Self.allTools)
        let lookup = try #require(tools.first)
        #expect(lookup.readOnlyHint && !tools[1].readOnlyHint)
        #expect(lookup.description == "Looks up an order by its number and tells its status.")
        #expect(lookup.inputSchema["properties"]?["order_id"]?["type"] == "string")
        #expect(lookup.inputSchema["required"] == ["order_id"])
    }

    @Test("a call answers text; a failing tool answers isError; an unknown tool is refused", arguments: [false, true])
    func calls(json: Bool) async throws {
        try await withConnected(json: json) { client in
            let order = try await client.callTool("lookup_order", arguments: ["order_id": "A-17"])
            #expect(!order.isError && order.text == "Order A-17: shipped on 2026-12-01, arriving Friday.")
            let broken = try await client.callTool("broken_tool", arguments: [:])
            #expect(broken.isError && broken.text.contains("the booking system is down"))
            let unknown = try await client.callTool("no_such_tool", arguments: [:])
            #expect(unknown.isError && unknown.text.contains("no_such_tool"))
        }
    }

    @Test("each call reaches the server once: its own counter says so")
    func countsCalls() async throws {
        let day = "2027-\(UUID().uuidString.prefix(8))"
        try await withConnected(json: false) { client in
            for _ in 0..<2 {
                _ = try await client.callTool("book_slot", arguments: ["day": .string(day), "time": "10:00"])
            }
            let count = try await client.callTool("calls_made", arguments: ["day": .string(day), "time": "10:00"])
            #expect(count.text == "2")
            // A journal entry's key reaches the server in the call's _meta.
            _ = try await client.callTool(
                "book_slot", arguments: ["day": .string(day), "time": "11:00"], idempotencyKey: "journal-42")
            let key = try await client.callTool("booking_key", arguments: ["day": .string(day), "time": "11:00"])
            #expect(key.text == "journal-42")
        }
    }

    @Test("a server that refuses the connection throws, and says where")
    func closedPort() async throws {
        let closed = try ClosedPort()
        let client = MCPClient(
            transport: MCPHTTPTransport(
                url: URL(string: "http://127.0.0.1:\(closed.port)/mcp")!, headers: [], pinnedAddress: nil,
                timeout: .seconds(5), onNotification: { _ in }))
        await #expect(throws: (any Error).self) { try await client.initialize() }
        await client.close()
    }
}
