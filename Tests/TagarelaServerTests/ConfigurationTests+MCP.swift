import Foundation
import TagarelaCore
import TagarelaProviders
import Testing

@testable import TagarelaServer

extension ConfigurationTests {
    @Test func mcpServersInTheShortForm() throws {
        let mcp = try Configuration.load(environment: [
            "MCP_SERVERS": "orders=https://mcp.example.com/mcp, files=stdio:/bin/cat --flag x",
            "MCP_REFRESH_SECONDS": "60",
        ]).mcp
        #expect(mcp.refreshInterval == .seconds(60) && mcp.servers.map(\.name) == ["orders", "files"])
        #expect(mcp.servers[0].endpoint == .http(url: URL(string: "https://mcp.example.com/mcp")!, headers: [:]))
        guard case .stdio(let executable, let arguments, let environment) = mcp.servers[1].endpoint else {
            Issue.record("files is not a command")
            return
        }
        #expect(executable.path == "/bin/cat" && arguments == ["--flag", "x"])
        // Nothing of Tagarela's own settings but the basics reaches the command.
        #expect(Set(environment.keys).isSubset(of: MCPSettings.passedEnvironment))
        #expect(try Configuration.load(environment: [:]).mcp.servers.isEmpty)
    }

    @Test func mcpServersInJSONWithSecretsFromTheSettings() throws {
        let configuration = try Configuration.load(environment: [
            "ORDERS_MCP_TOKEN": "tok-secret-9876543210",
            "MCP_SERVERS": #"""
            {"orders": {"url": "https://mcp.example.com/mcp",
                        "headers": {"Authorization": "Bearer ${ORDERS_MCP_TOKEN}"},
                        "readOnly": ["book_slot"], "confirm": ["cancel_order"]},
             "local": {"command": ["cat"], "env": {"API_KEY": "${ORDERS_MCP_TOKEN}"}, "readOnly": true}}
            """#,
        ])
        let servers = configuration.mcp.servers
        #expect(servers.map(\.name) == ["local", "orders"])
        #expect(
            servers[1].endpoint
                == .http(
                    url: URL(string: "https://mcp.example.com/mcp")!,
                    headers: ["Authorization": "Bearer tok-secret-9876543210"]))
        #expect(servers[1].readOnly == .named(["book_slot"]) && servers[1].confirm == ["cancel_order"])
        #expect(servers[0].readOnly == .all)
        guard case .stdio(let executable, _, let environment) = servers[0].endpoint else {
            Issue.record("local is not a command")
            return
        }
        #expect(executable.lastPathComponent == "cat" && environment["API_KEY"] == "tok-secret-9876543210")
        // In .env, between single quotes, as the README shows.
        let dotEnv = try Configuration.load(
            environment: [:], dotEnvFile: "MCP_SERVERS='{\"a\": {\"url\": \"https://x.example.com/mcp\"}}'\n")
        #expect(dotEnv.mcp.servers.map(\.name) == ["a"])
        let summary = configuration.redactedDescription()
        #expect(summary.contains("orders=https://mcp.example.com/mcp (headers: Authorization)"))
        #expect(!summary.contains("tok-secret-9876543210"))
    }

    @Test func mcpServerMistakesStopStartUpWithOneLine() throws {
        let cases: [(String, String)] = [
            ("orders", "MCP_SERVERS must be name=https://host/mcp"),
            ("or_ders=https://mcp.example.com/mcp", "must be 1 to 32 letters, digits or -"),
            ("a=https://x.example.com/mcp,a=https://y.example.com/mcp", "is given twice"),
            ("a=http://mcp.example.com/mcp", "must be https"),
            ("a=http://127.0.0.1:9/mcp", "with OUTBOUND_ALLOW_LOOPBACK=true"),
            ("a=stdio:/no/such/program", "is not a program that can be run"),
            (
                #"{"a": {"url": "https://x.example.com", "headers": {"X": "${NOT_SET_ANYWHERE}"}}}"#,
                "${NOT_SET_ANYWHERE}"
            ),
            (#"{"a": {"url": "https://x.example.com", "timeout": 3}}"#, "it takes url, headers"),
            (#"{"a": {"url": "https://x.example.com", "command": "cat"}}"#, "either \"url\" or \"command\""),
            ("[1]", "MCP_SERVERS must be"),
        ]
        for (value, expected) in cases {
            let error = try error(["MCP_SERVERS": value])
            #expect(error.setting == "MCP_SERVERS" && error.message.contains(expected), "\(value): \(error.message)")
            #expect(!error.message.contains("\n"))
        }
        let local = try Configuration.load(environment: [
            "MCP_SERVERS": "a=http://127.0.0.1:9/mcp", "OUTBOUND_ALLOW_LOOPBACK": "true",
        ])
        #expect(local.mcp.servers.count == 1)
    }
}

extension ConfigurationTests {
    @Test func llmToolsNamesMCPToolsAndWholeServers() throws {
        let servers = "orders=https://mcp.example.com/mcp, files=stdio:/bin/cat"
        let tools = try Configuration.load(environment: [
            "MCP_SERVERS": servers, "LLM_TOOLS": "current_time, orders_*, files_read_file",
        ]).tools
        #expect(tools.enabled == [.currentTime])
        #expect(tools.mcp == MCPToolChoice(everything: false, servers: ["orders"], tools: ["files_read_file"]))
        #expect(tools.mcp.offers(server: "orders", tool: "orders_anything"))
        #expect(tools.mcp.offers(server: "files", tool: "files_read_file"))
        #expect(!tools.mcp.offers(server: "files", tool: "files_write_file"))
        // A list that names no MCP tool offers none of them, and start-up says so.
        let builtInOnly = try Configuration.load(environment: ["MCP_SERVERS": servers, "LLM_TOOLS": "current_time"])
        #expect(builtInOnly.tools.mcp.isNone)
        #expect(builtInOnly.warnings.contains { $0.hasPrefix("MCP_SERVERS is ignored") })
        #expect(try Configuration.load(environment: ["MCP_SERVERS": servers]).tools.mcp == .all)
        // A server MCP_SERVERS does not name is a mistake at start-up, with the forms that would do.
        let error = #expect(throws: ConfigurationError.self) {
            try Configuration.load(environment: ["MCP_SERVERS": servers, "LLM_TOOLS": "shop_*"])
        }
        #expect(error?.message.contains("orders_* or orders_<tool>") == true)
    }
}
