import Foundation
import TagarelaCore
import TagarelaProviders
import Testing

@testable import TagarelaServer

extension ConfigurationTests {
    /// Writes `text` to a temporary file named `name`, runs `body` with its path, and removes it.
    func withFile<T>(_ text: String, named name: String = "tools.yaml", _ body: (String) throws -> T) throws -> T {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tools-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return try body(path)
    }

    /// The error loading `environment` stops with, if any.
    func failure(_ environment: [String: String]) -> ConfigurationError? {
        do {
            _ = try Configuration.load(environment: environment)
            return nil
        } catch {
            return error
        }
    }

    /// The repository's `examples/tools.yaml`.
    static var exampleTools: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("examples/tools.yaml").path
    }

    @Test func theExampleToolsFileLoads() throws {
        let tools = try Configuration.load(environment: ["TOOLS_FILE": Self.exampleTools, "ORDERS_API_KEY": "k1"]).tools
        #expect(tools.fileTools.map(\.name) == ["order_status", "book_appointment"])
        #expect(tools.fileTools.map(\.kind) == [.readOnly, .sideEffect(confirm: true)])
        #expect(tools.fileTools.map(\.hosts) == [["orders.example.com"], ["booking.example.com"]])
        #expect(tools.fileTools[1].method == "POST" && tools.fileTools[0].timeout == .seconds(5))
        #expect(tools.listing.suffix(2).map(\.kind) == ["read-only", "side effect, confirmed"])
        // An unset setting the file names is a warning, and the tool refuses its calls until it is set.
        let configuration = try Configuration.load(environment: ["TOOLS_FILE": Self.exampleTools])
        #expect(configuration.tools.fileTools.map(\.unsetSettings) == [["ORDERS_API_KEY"], ["BOOKING_API_KEY"]])
        #expect(configuration.warnings.contains { $0.contains("book_appointment needs ${BOOKING_API_KEY}") })
        #expect(configuration.summary["TOOLS_FILE"] == Self.exampleTools)
    }

    @Test func llmToolsCoversTheFilesTools() throws {
        let environment = ["TOOLS_FILE": Self.exampleTools]
        let some = try Configuration.load(
            environment: environment.merging(["LLM_TOOLS": "current_time,order_status"]) { $1 })
        #expect(some.tools.enabled == [.currentTime] && some.tools.fileTools.map(\.name) == ["order_status"])
        let none = try Configuration.load(environment: environment.merging(["LLM_TOOLS": "none"]) { $1 })
        #expect(none.tools.enabled.isEmpty && none.tools.fileTools.isEmpty)
        #expect(throws: ConfigurationError.self) {
            try Configuration.load(environment: environment.merging(["LLM_TOOLS": "order_stat"]) { $1 })
        }
    }

    @Test func everyMistakeInTheToolsFileIsOneLine() throws {
        let yaml = """
            tools:
              - name: current_time
                description: Clashes with a built-in tool.
                request: {url: "https://a.example.com/"}
              - name: lookup
                description: Too slow.
                timeout_seconds: 20
                parameters:
                  type: object
                  properties:
                    id: {type: string, format: uuid}
                request: {url: "http://a.example.com/{id}"}
              - name: lookup
                description: Twice.
                request: {url: "https://a.example.com/"}
              - name: lookup
                description: Twice again, and wrong.
                request: {url: "https://a.example.com/", method: TRACE}
            extra: true
            """
        let error = try #require(try withFile(yaml) { failure(["TOOLS_FILE": $0]) })
        #expect(error.setting == "TOOLS_FILE")
        let expected: [String] = [
            "TOOLS_FILE tools.yaml: extra: not a section of the file",
            "TOOLS_FILE tools.yaml: tool current_time: name: current_time is one of Tagarela's own tools",
            "TOOLS_FILE tools.yaml: tool lookup: parameters.properties.id.format: not supported (a schema may use "
                + "type, description, properties, required, enum, items, minimum, maximum, minLength, maxLength, "
                + "minItems, maxItems)",
            "TOOLS_FILE tools.yaml: tool lookup: timeout_seconds: must be a number above 0 and at most "
                + "TOOL_TIMEOUT_SECONDS (10), got 20",
            "TOOLS_FILE tools.yaml: tool lookup: request.url: must be https (plain http only with "
                + "allow_private_addresses: true)",
            "TOOLS_FILE tools.yaml: tool lookup: request.method: must be one of GET, POST, PUT, PATCH, DELETE",
        ]
        #expect(error.message.split(separator: "\n").map(String.init) == expected)
        try withFile(
            """
            {"tools": [{"name": "a", "description": "x", "request": {"url": "https://a.example.com/"}},
                       {"name": "a", "description": "y", "request": {"url": "https://a.example.com/"}}]}
            """, named: "tools.json"
        ) { path in
            #expect(
                throws: ConfigurationError(
                    setting: "TOOLS_FILE", message: "TOOLS_FILE tools.json: tool a: name: a is declared twice")
            ) {
                try Configuration.load(environment: ["TOOLS_FILE": path])
            }
        }
        try withFile("tools: [\n  - name: {") { path in
            #expect(throws: ConfigurationError.self) { try Configuration.load(environment: ["TOOLS_FILE": path]) }
        }
        #expect(throws: ConfigurationError.self) {
            try Configuration.load(environment: ["TOOLS_FILE": "/nonexistent/tools.yaml"])
        }
    }
}

extension ConfigurationTests {
    @Test func theToolsFilesMCPServersJoinMCPServers() throws {
        let yaml = """
            mcp_servers:
              shop: {url: "https://mcp.shop.example.com/mcp", headers: {Authorization: "Bearer ${SHOP_TOKEN}"}}
              local: {command: [cat], readOnly: true}
            """
        let configuration = try withFile(yaml) {
            try Configuration.load(environment: [
                "TOOLS_FILE": $0, "SHOP_TOKEN": "tok-1", "MCP_SERVERS": "orders=https://mcp.example.com/mcp",
                "LLM_TOOLS": "shop_*,local_cat",
            ])
        }
        let servers = configuration.mcp.servers
        #expect(servers.map(\.name) == ["orders", "local", "shop"])
        #expect(
            servers[2].endpoint
                == .http(
                    url: URL(string: "https://mcp.shop.example.com/mcp")!, headers: ["Authorization": "Bearer tok-1"]))
        #expect(configuration.tools.mcp.servers == ["shop"] && configuration.tools.mcp.tools == ["local_cat"])
        #expect(configuration.tools.fileTools.isEmpty)
        // One name in both places is a mistake, as twice in MCP_SERVERS is.
        let twice = try withFile(yaml) {
            failure(["TOOLS_FILE": $0, "SHOP_TOKEN": "x", "MCP_SERVERS": "shop=https://mcp.example.com/mcp"])
        }
        #expect(twice?.message.contains("the server name \"shop\" is given twice") == true)
        let empty = try withFile("other: 1") { failure(["TOOLS_FILE": $0]) }
        #expect(empty?.message == "TOOLS_FILE tools.yaml: must hold a list under tools: or servers under mcp_servers:")
    }
}
