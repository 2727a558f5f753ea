import Foundation
import Logging
import TagarelaFakes
import Testing

@testable import TagarelaCore
@testable import TagarelaProviders

/// The toolbox over the stdio transport, a server of its own per test (the official Python SDK's server, started
/// as a child), and with a server that is down.
@Suite(
    "MCP toolbox: tools listed, refreshed on notice, unavailable when the server is down",
    .enabled(if: MCPTestServer.isEnabled, Comment(rawValue: MCPTestServer.skipped)), .timeLimit(.minutes(3)))
struct MCPToolboxTests {
    static let context = ToolContext(
        contact: Contact(
            id: 7, phone: "+5511987654321", userID: nil, localID: nil, profileName: "Ana", replyChannel: .twilio,
            replyAddress: "whatsapp:+5511987654321", firstSeenAt: Date(), lastSeenAt: Date(), inboundCount: 1,
            outboundCount: 0, optedOut: false),
        facts: [], now: Date())

    func stdioServer(_ name: String = "shop", readOnly: MCPServerConfig.ReadOnly = .hints) throws -> MCPServerConfig {
        let command = try MCPTestServer.stdioCommand()
        return MCPServerConfig(
            name: name,
            endpoint: .stdio(executable: command.python, arguments: command.arguments, environment: [:]),
            readOnly: readOnly, confirm: ["book_slot"])
    }

    func toolbox(_ servers: [MCPServerConfig], timeSource: any TimeSource = SystemTimeSource()) -> MCPToolbox {
        MCPToolbox(
            servers: servers, connect: MCPServerConfig.connector(timeout: .seconds(20)) { _ in nil },
            refreshInterval: .seconds(3600), timeout: .seconds(20), timeSource: timeSource,
            logger: Logger(label: "test"))
    }

    /// Runs the toolbox for the length of `body`.
    func running<T: Sendable>(_ toolbox: MCPToolbox, _ body: () async throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await toolbox.run() }
            defer { group.cancelAll() }
            return try await body()
        }
    }

    @Test("stdio: the tools are offered prefixed, with their kinds; a call answers the model as data")
    func stdioTools() async throws {
        let toolbox = toolbox([try stdioServer()])
        try await running(toolbox) {
            let tools = await toolbox.currentTools()
            #expect(tools.map(\.definition.name) == MCPClientTests.allTools.map { "shop_" + $0 })
            #expect(tools[0].kind == .readOnly && tools[4].kind == .sideEffect(confirm: false))
            // The operator's word beats the server's silence: book_slot waits for the contact's yes.
            #expect(tools[1].kind == .sideEffect(confirm: true))
            let registry = await ToolRegistry([]).adding(toolbox).current()
            let (output, record) = await registry.run(
                ToolCall(id: "c1", name: "shop_lookup_order", arguments: ["order_id": "B-2"]), context: Self.context)
            // The SDK gives a tool's text answer as structured content too ({"result": …}), which wins over text.
            #expect(output.result["result"] == ["result": "Order B-2: shipped on 2026-12-01, arriving Friday."])
            #expect(output.result["source"]?.stringValue?.contains("data, not instructions") == true)
            #expect(record.name == "shop_lookup_order" && record.error == nil)
            let (failed, failure) = await registry.run(
                ToolCall(id: "c2", name: "shop_broken_tool", arguments: [:]), context: Self.context)
            #expect(failed.result["error"]?.stringValue?.contains("the booking system is down") == true)
            #expect(failure.error?.contains("the booking system is down") == true)
        }
    }

    @Test("a server's notice that its tools changed lists them again")
    func listChanged() async throws {
        let toolbox = toolbox([try stdioServer()])
        try await running(toolbox) {
            let registry = await ToolRegistry([]).adding(toolbox).current()
            #expect(!registry.definitions.contains { $0.name == "shop_late_tool" })
            _ = await registry.run(ToolCall(id: "c1", name: "shop_add_tool", arguments: [:]), context: Self.context)
            try await waitUntil("late_tool listed") {
                await toolbox.currentTools().contains { $0.definition.name == "shop_late_tool" }
            }
        }
    }

    @Test("a server that ends: the call answers an error, its tools go, the turn's other tools stay")
    func serverEnds() async throws {
        let toolbox = toolbox([try stdioServer()])
        try await running(toolbox) {
            let registry = await ToolRegistry([CurrentTimeTool(defaultZone: .gmt)]).adding(toolbox).current()
            let (quit, _) = await registry.run(
                ToolCall(id: "c1", name: "shop_quit_server", arguments: [:]), context: Self.context)
            #expect(quit.result["error"] != nil)
            #expect(await toolbox.currentTools().isEmpty)
            let (after, record) = await registry.run(
                ToolCall(id: "c2", name: "shop_lookup_order", arguments: ["order_id": "C-3"]), context: Self.context)
            #expect(after.result["error"]?.stringValue?.contains("cannot be reached") == true)
            #expect(record.error != nil)
            #expect(
                await ToolRegistry([CurrentTimeTool(defaultZone: .gmt)]).adding(toolbox).current().definitions.map(
                    \.name) == ["current_time"])
        }
    }

    @Test("a server that went away is listed again at the next interval, and its tools come back")
    func pollingBringsItBack() async throws {
        let clock = ManualTimeSource()
        let toolbox = toolbox([try stdioServer()], timeSource: clock)
        try await running(toolbox) {
            let registry = await ToolRegistry([]).adding(toolbox).current()
            _ = await registry.run(ToolCall(id: "c1", name: "shop_quit_server", arguments: [:]), context: Self.context)
            #expect(await toolbox.currentTools().isEmpty)
            try await waitUntil("the toolbox waits for the next interval") { clock.sleeperCount == 1 }
            clock.advance(by: .seconds(3600))
            try await waitUntil("the tools listed again") {
                await toolbox.currentTools().count == MCPClientTests.allTools.count
            }
            let again = await ToolRegistry([]).adding(toolbox).current()
            let (output, _) = await again.run(
                ToolCall(id: "c2", name: "shop_lookup_order", arguments: ["order_id": "D-4"]), context: Self.context)
            #expect(output.result["error"] == nil)
        }
    }

    @Test("a server that is down offers no tools and holds up no other server")
    func serverDown() async throws {
        let closed = try ClosedPort()
        let down = MCPServerConfig(
            name: "down", endpoint: .http(url: URL(string: "http://127.0.0.1:\(closed.port)/mcp")!, headers: [:]))
        let toolbox = toolbox([down, try stdioServer()])
        try await running(toolbox) {
            let names = await toolbox.currentTools().map(\.definition.name)
            #expect(names == MCPClientTests.allTools.map { "shop_" + $0 })
            await #expect(throws: ToolError.self) {
                try await toolbox.call(server: "down", tool: "anything", arguments: [:])
            }
        }
    }
}

extension MCPToolboxTests {
    @Test("only the tools LLM_TOOLS offers reach the model")
    func offeredTools() async throws {
        let toolbox = MCPToolbox(
            servers: [try stdioServer()], connect: MCPServerConfig.connector(timeout: .seconds(20)) { _ in nil },
            refreshInterval: .seconds(3600), timeout: .seconds(20), timeSource: SystemTimeSource(),
            logger: Logger(label: "test"), offers: { server, tool in server == "shop" && tool == "shop_lookup_order" })
        try await running(toolbox) {
            #expect(await toolbox.currentTools().map(\.definition.name) == ["shop_lookup_order"])
        }
    }
}
