import Foundation
import TagarelaFakes
import Testing

extension ToolsCommandTests {
    @Test(
        "tagarela tools call reaches an MCP server's tool by its prefixed name and prints its answer",
        .enabled(if: MCPTestServer.isEnabled, Comment(rawValue: MCPTestServer.skipped)))
    func callAnMCPTool() async throws {
        let settings = [
            "MCP_SERVERS": "shop=\(try MCPTestServer.url(json: true).absoluteString)",
            "OUTBOUND_ALLOW_LOOPBACK": "true",
        ]
        let (status, printed) = try await TagarelaCommand.run(
            ["tools", "call", "shop_lookup_order", #"{"order_id":"A-1042"}"#, "--mcp-timeout", "30"], settings)
        #expect(status == 0, "\(printed)")
        #expect(printed.contains("Order A-1042: shipped on 2026-12-01"))
        let (missing, said) = try await TagarelaCommand.run(["tools", "call", "shop_no_such_tool", "{}"], settings)
        #expect(missing != 0 && said.contains("no enabled tool named shop_no_such_tool"))
    }
}
