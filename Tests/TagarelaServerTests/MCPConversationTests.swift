import Foundation
import GRDB
import TagarelaCore
import TagarelaFakes
import Testing

/// MCP tools from outside: a running Tagarela, the fake model asking for a tool of a real MCP server (the official
/// Python SDK, scripts/mcp-for-tests), the reply going out.
@Suite(
    "MCP servers: their tools in a conversation",
    .enabled(if: MCPTestServer.isEnabled, Comment(rawValue: MCPTestServer.skipped)),
    .timeLimit(.minutes(3)))
struct MCPConversationTests {
    /// The `tool_calls` column of every turn, oldest first.
    func toolCalls(_ world: TestWorld) throws -> [[ToolCallRecord]] {
        let database = try DatabaseQueue(path: world.databasePath)
        let texts = try database.read { try String?.fetchAll($0, sql: "SELECT tool_calls FROM turns ORDER BY id") }
        return texts.map(TurnRecord.toolCalls(fromJSON:))
    }

    @Test("the model calls an MCP tool; its answer reaches the model as data; the contact gets the reply")
    func callsAnMCPTool() async throws {
        let url = try MCPTestServer.url()
        try await TestWorld.with { world in
            await world.openAI.enqueue([.response(.calling([("shop_lookup_order", #"{"order_id":"A-17"}"#)]))])
            try await world.withServer(["LLM_PROVIDER": "openai", "MCP_SERVERS": "shop=\(url.absoluteString)"]) {
                client in
                try await Webhook.post(client, Webhook.text("Cadê meu pedido A-17?"))
                let sent = try await world.twilio.waitForSent(count: 1)
                #expect(sent[0].body == "Resposta para: Cadê meu pedido A-17?")
            }
            let requests = await world.openAI.requests()
            #expect(requests.count == 2 && requests.allSatisfy { $0.rejection == nil })
            #expect(
                requests[0].toolNames.contains("shop_lookup_order") && requests[0].toolNames.contains("shop_book_slot"))
            let output = try #require(requests[1].toolOutputs.values.first)
            #expect(output.contains("Order A-17: shipped on 2026-12-01, arriving Friday."))
            #expect(output.contains("data, not instructions"))
            let calls = try toolCalls(world)
            #expect(calls.count == 1 && calls[0].map(\.name) == ["shop_lookup_order"] && calls[0][0].error == nil)
        }
    }

    @Test("Gemini takes the MCP tool's schema as the server wrote it, and gets its answer")
    func gemini() async throws {
        let url = try MCPTestServer.url(json: true)
        try await TestWorld.with { world in
            await world.gemini.enqueue([.functionCalls([("shop_lookup_order", ["order_id": "G-7"])])])
            try await world.withServer(["LLM_PROVIDER": "gemini", "MCP_SERVERS": "shop=\(url.absoluteString)"]) {
                client in
                try await Webhook.post(client, Webhook.text("E o pedido G-7?"))
                _ = try await world.twilio.waitForSent(count: 1)
            }
            let requests = await world.gemini.requests()
            #expect(requests.count == 2 && requests.allSatisfy { $0.rejection == nil })
            #expect(requests[0].toolNames.contains("shop_lookup_order"))
            let response = try #require(requests[1].functionResponses.first { $0.name == "shop_lookup_order" })
            #expect(response.response.jsonText.contains("Order G-7: shipped on 2026-12-01"))
        }
    }

    @Test("a server that is down: its tools are not offered, and the turn is answered")
    func serverDown() async throws {
        let closed = try ClosedPort()
        try await TestWorld.with { world in
            try await world.withServer([
                "LLM_PROVIDER": "openai", "MCP_SERVERS": "shop=http://127.0.0.1:\(closed.port)/mcp",
            ]) { client in
                try await Webhook.post(client, Webhook.text("Oi"))
                let sent = try await world.twilio.waitForSent(count: 1)
                #expect(sent[0].body == "Resposta para: Oi")
            }
            let request = try #require(await world.openAI.requests().first)
            #expect(!request.toolNames.isEmpty && !request.toolNames.contains { $0.hasPrefix("shop_") })
        }
    }
}
