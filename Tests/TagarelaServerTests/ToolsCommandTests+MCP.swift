import Foundation
import TagarelaCore
import TagarelaFakes
import Testing

extension ToolsCommandTests {
    @Test(
        "tagarela tools list lists the MCP servers, and the tools LLM_TOOLS offers of those it reaches",
        .enabled(if: MCPTestServer.isEnabled, Comment(rawValue: MCPTestServer.skipped)))
    func listMCPServers() async throws {
        let command = try MCPTestServer.stdioCommand()
        let closed = try ClosedPort()
        let servers =
            "shop=stdio:\(([command.python.path] + command.arguments).joined(separator: " ")), "
            + "down=http://127.0.0.1:\(closed.port)/mcp"
        let (status, printed) = try await Self.run(
            ["tools", "list", "--mcp-timeout", "20"],
            ["MCP_SERVERS": servers, "OUTBOUND_ALLOW_LOOPBACK": "true", "LLM_TOOLS": "current_time,shop_lookup_order"])
        #expect(status == 0, "\(printed)")
        let lines = printed.split(separator: "\n").map(String.init)
        let python = command.python.lastPathComponent
        #expect(lines.contains("current_time\tbuilt-in\tread-only\t-"))
        #expect(lines.contains("shop_lookup_order\tMCP\tread-only\t\(python)"))
        #expect(!lines.contains { $0.hasPrefix("shop_book_slot") })
        #expect(lines.contains("MCP server shop\tstdio\t\(python)\t1 tools offered"))
        #expect(lines.contains("MCP server down\thttp\t127.0.0.1\tnot reached"))
    }
}
