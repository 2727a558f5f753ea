import Foundation
import TagarelaCore
import TagarelaFakes
import Testing

/// `tagarela tools list` and `tagarela tools call`, run as the real binary.
@Suite("tagarela tools: list and try the tools from the terminal", .timeLimit(.minutes(2)))
struct ToolsCommandTests {
    @Test("TOOLS_FILE=examples/tools.yaml tagarela tools list prints the built-in tools and the example's")
    func listTheExample() async throws {
        let (status, printed) = try await TagarelaCommand.run(
            ["tools", "list"], ["TOOLS_FILE": try Fixtures.example("tools.yaml").path, "LLM_TOOLS": "all"])
        #expect(status == 0, "\(printed)")
        let lines = printed.split(separator: "\n").map(String.init)
        #expect(lines.contains("current_time\tbuilt-in\tread-only\t-"))
        #expect(lines.contains("order_status\tfile\tread-only\torders.example.com"))
        #expect(lines.contains("book_appointment\tfile\tside effect, confirmed\tbooking.example.com"))
    }

    @Test("tagarela tools call checks the arguments, calls the service for the test contact and prints the answer")
    func callATool() async throws {
        try await FakeBusinessAPI.start().whileRunning { api in
            await api.answer("/orders/7", with: .json(status: 200, ["state": "delivered"]))
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("tools-\(UUID().uuidString).json")
            defer { try? FileManager.default.removeItem(at: file) }
            let tools: JSONValue = [
                "tools": [
                    [
                        "name": "order_status", "description": "Looks an order up.", "read_only": true,
                        "allow_private_addresses": true,
                        "parameters": ["type": "object", "properties": ["id": ["type": "string"]], "required": ["id"]],
                        "request": ["url": .string(api.baseURL + "/orders/{id}?phone={contact.phone}")],
                    ]
                ]
            ]
            try tools.jsonText.write(to: file, atomically: true, encoding: .utf8)
            let settings = ["TOOLS_FILE": file.path]
            let (status, printed) = try await TagarelaCommand.run(
                ["tools", "call", "order_status", #"{"id":"7"}"#, "--contact", "+5511912345678"], settings)
            #expect(status == 0, "\(printed)")
            #expect(printed.contains(#"{"body":{"state":"delivered"},"status":200}"#))
            #expect(await api.requests().map(\.target) == ["/orders/7?phone=%2B5511912345678"])
            let (refused, said) = try await TagarelaCommand.run(
                ["tools", "call", "order_status", #"{"id":7}"#], settings)
            #expect(refused != 0 && said.contains("id: must be a string"))
            #expect(await api.requests().count == 1)
        }
    }
}
