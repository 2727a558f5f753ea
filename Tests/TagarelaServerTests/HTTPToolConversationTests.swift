import Foundation
import GRDB
import HummingbirdTesting
import TagarelaCore
import TagarelaFakes
import Testing

/// The business's own HTTP tools (TOOLS_FILE) on a running server: the fake model asks for them, a fake business
/// service answers, and what each side received is checked.
@Suite("Tools: the business's own HTTP tools", .timeLimit(.minutes(3)))
struct HTTPToolConversationTests {
    static let manaus = "whatsapp:+5592991234567"

    /// A tools file for `api` with an order lookup (GET) and a booking (POST with a JSON body).
    static func toolsFile(_ api: FakeBusinessAPI) throws -> String {
        let yaml = """
            tools:
              - name: slow_lookup
                description: Looks an order up where the service may hang.
                read_only: true
                timeout_seconds: 1
                allow_private_addresses: true
                parameters:
                  type: object
                  properties:
                    order_id: {type: string}
                request:
                  url: \(api.baseURL)/orders/{order_id}
              - name: order_status
                description: Looks an order up.
                read_only: true
                allow_private_addresses: true
                parameters:
                  type: object
                  properties:
                    order_id: {type: string, description: The order number., maxLength: 40}
                  required: [order_id]
                request:
                  url: \(api.baseURL)/orders/{order_id}?phone={contact.phone}
                  headers:
                    Authorization: Bearer ${ORDERS_API_KEY}
              - name: book_table
                description: Books a table.
                allow_private_addresses: true
                parameters:
                  type: object
                  properties:
                    people: {type: integer, enum: [2, 4, 6]}
                    days: {type: array, items: {type: string, enum: [sat, sun]}, minItems: 1}
                    notes: {type: string}
                  required: [people, days]
                request:
                  method: POST
                  url: \(api.baseURL)/bookings
                  body:
                    party: "{people}"
                    days: "{days}"
                    notes: "{notes}"
                    who: {phone: "{contact.phone}", contact: "{contact.id}", name: "{contact.name}", key: "${ORDERS_API_KEY}"}
            """
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("tools-\(UUID().uuidString).yaml").path
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Runs `body` with the fake business service, a server using its tools file, and `settings` on top.
    func withTools(
        _ settings: [String: String] = [:],
        _ body: @Sendable @escaping (TestWorld, FakeBusinessAPI, any TestClientProtocol) async throws -> Void
    ) async throws {
        try await FakeBusinessAPI.start().whileRunning { api in
            let file = try Self.toolsFile(api)
            defer { try? FileManager.default.removeItem(atPath: file) }
            try await TestWorld.with { world in
                let base = [
                    "LLM_PROVIDER": "openai", "TOOLS_FILE": file, "ORDERS_API_KEY": "secret-123",
                    // Calls may be slow while the whole suite runs: only slow_lookup times out, after its 1 s.
                    "TOOL_TIMEOUT_SECONDS": "30",
                ]
                try await world.withServer(base.merging(settings) { $1 }) { client in
                    try await body(world, api, client)
                }
            }
        }
    }

    @Test("a lookup and a booking reach the service with the contact's values, their answers reach the model")
    func lookupAndBooking() async throws {
        try await withTools { world, api, client in
            await api.answer(
                "/orders/A%201%2F2%20%24%7BORDERS_API_KEY%7D", with: .json(status: 200, ["state": "shipped"]))
            await world.openAI.enqueue([
                .response(
                    .calling([
                        ("order_status", #"{"order_id":"A 1/2 ${ORDERS_API_KEY}"}"#),
                        ("book_table", #"{"people":4,"days":["sat"],"notes":"${ORDERS_API_KEY}"}"#),
                    ]))
            ])
            try await Webhook.post(client, Webhook.text("Meu pedido? E reserve uma mesa.", from: Self.manaus))
            let sent = try await world.twilio.waitForSent(count: 1)
            #expect(sent[0].body == "Resposta para: Meu pedido? E reserve uma mesa.")
            let requests = await api.requests()
            #expect(requests.count == 2)
            // The argument is one path segment, percent-encoded, and `${…}` the model wrote stays literal.
            #expect(requests[0].method == "GET")
            #expect(
                requests[0].target == "/orders/A%201%2F2%20%24%7BORDERS_API_KEY%7D?phone=%2B5592991234567")
            #expect(requests[0].headers["authorization"] == "Bearer secret-123")
            #expect(requests[1].method == "POST" && requests[1].headers["content-type"] == "application/json")
            #expect(
                requests[1].body
                    == [
                        "party": 4, "days": ["sat"], "notes": "${ORDERS_API_KEY}",
                        "who": ["phone": "+5592991234567", "contact": 1, "name": "Ana", "key": "secret-123"],
                    ])
            let model = await world.openAI.requests()
            #expect(model[0].toolNames.suffix(2) == ["order_status", "book_table"])
            let outputs = Array(model[1].toolOutputs.values)
            #expect(outputs.contains { $0.contains(#""state":"shipped""#) && $0.contains(#""status":200"#) })
            #expect(outputs.contains { $0.contains(#""ok":true"#) })
            let scrape = try await client.scrape(until: #"tagarela_tool_calls_total{tool="book_table"}"#, is: 1)
            #expect(scrape[#"tagarela_tool_calls_total{tool="order_status"}"#] == 1)
            #expect(scrape[#"tagarela_tool_errors_total{tool="order_status"}"#] == nil)
            // Each call is recorded with the turn, with the status the service answered.
            let database = try DatabaseQueue(path: world.databasePath)
            let stored = try await database.read { try String.fetchOne($0, sql: "SELECT tool_calls FROM turns") }
            let calls = TurnRecord.toolCalls(fromJSON: stored)
            #expect(calls.map(\.name) == ["order_status", "book_table"] && calls.map(\.status) == [200, 200])
            #expect(calls.allSatisfy { $0.error == nil })
        }
    }

    @Test("a schema violation makes no request, a timeout and a 500 come back as errors, and the contact is answered")
    func failuresGoBackToTheModel() async throws {
        try await withTools { world, api, client in
            await api.answer("/orders/slow", with: .hang)
            await api.answer("/orders/broken", with: .json(status: 500, ["message": "database down"]))
            await world.openAI.enqueue([
                .response(
                    .calling([
                        ("order_status", #"{"order_id":42}"#), ("slow_lookup", #"{"order_id":"slow"}"#),
                        ("order_status", #"{"order_id":"broken"}"#),
                    ]))
            ])
            try await Webhook.post(client, Webhook.text("Cadê meus pedidos?"))
            let sent = try await world.twilio.waitForSent(count: 1)
            #expect(sent[0].body == "Resposta para: Cadê meus pedidos?")
            #expect(
                await api.requests().map(\.target).map { $0.prefix { $0 != "?" } } == [
                    "/orders/slow", "/orders/broken",
                ])
            let outputs = try #require(await world.openAI.requests().last).toolOutputs.values.sorted()
            #expect(outputs.count == 3)
            #expect(
                outputs.contains { $0.contains("order_id: must be a string") && $0.contains("no request was made") })
            #expect(outputs.contains { $0.contains("did not answer within") })
            #expect(outputs.contains { $0.contains("HTTP 500") && $0.contains("database down") })
            let scrape = try await client.scrape(until: #"tagarela_tool_calls_total{tool="order_status"}"#, is: 2)
            #expect(scrape[#"tagarela_tool_errors_total{tool="order_status"}"#] == 2)
            #expect(scrape[#"tagarela_tool_call_duration_seconds_count{tool="order_status"}"#] == 2)
            #expect(scrape[#"tagarela_tool_errors_total{tool="slow_lookup"}"#] == 1)
        }
    }

    @Test("calls past the per-turn and per-day limits are refused before any request")
    func limits() async throws {
        try await withTools(["TOOL_MAX_CALLS_PER_TURN": "2", "TOOL_MAX_CALLS_PER_CONTACT_PER_DAY": "3"]) {
            world, api, client in
            let three = (1...3).map { ("order_status", #"{"order_id":"N\#($0)"}"#) }
            await world.openAI.enqueue([.response(.calling(three))])
            try await Webhook.post(client, Webhook.text("Três pedidos"))
            _ = try await world.twilio.waitForSent(count: 1)
            #expect(await api.requests().count == 2)
            let first = try #require(await world.openAI.requests().last).toolOutputs.values
            #expect(first.filter { $0.contains("call limit reached") }.count == 1)

            // The day's count is read from the stored turns: one more call passes, the next does not.
            await world.openAI.enqueue([.response(.calling([three[0], three[1]]))])
            try await Webhook.post(client, Webhook.text("De novo"))
            _ = try await world.twilio.waitForSent(count: 2)
            #expect(await api.requests().count == 3)
            let second = try #require(await world.openAI.requests().last).toolOutputs.values
            #expect(second.contains { $0.contains("a day for this contact") })
        }
    }

    @Test("a redirect to a host the file does not name is refused")
    func hostNotInTheFile() async throws {
        try await withTools { world, api, client in
            let elsewhere = api.baseURL.replacingOccurrences(of: "127.0.0.1", with: "localhost") + "/orders/x"
            await api.answer("/orders/away", with: .redirect(elsewhere))
            await world.openAI.enqueue([.response(.calling([("order_status", #"{"order_id":"away"}"#)]))])
            try await Webhook.post(client, Webhook.text("Pedido"))
            _ = try await world.twilio.waitForSent(count: 1)
            #expect(await api.requests().count == 1)
            let output = try #require(await world.openAI.requests().last?.toolOutputs.values.first)
            #expect(output.contains("refused a request to localhost"))
        }
    }

    @Test("the dashboard: Settings list the tools with kind and hosts, a conversation shows each turn's calls")
    func dashboard() async throws {
        try await withTools(DashboardAccessTests.withPassword) { world, api, client in
            let browser = try await AdminBrowser.loggedIn(client)
            _ = try await browser.get("/admin/settings")
            var page = browser.lastPage
            #expect(page.contains("<td><code>current_time</code></td><td>built-in</td><td>read-only</td><td>—</td>"))
            #expect(
                page.contains("<td><code>order_status</code></td><td>file</td><td>read-only</td><td>127.0.0.1</td>"))
            #expect(
                page.contains("<td><code>book_table</code></td><td>file</td><td>side effect</td><td>127.0.0.1</td>"))
            #expect(!page.contains("secret-123"))

            await api.answer("/orders/broken", with: .json(status: 500, [:]))
            await world.openAI.enqueue([.response(.calling([("order_status", #"{"order_id":"broken"}"#)]))])
            try await Webhook.post(client, Webhook.text("<b>pedido</b>"))
            _ = try await world.twilio.waitForSent(count: 1)
            _ = try await browser.get("/admin/conversations/1")
            page = browser.lastPage
            #expect(page.contains("<code>order_status</code> {&quot;order_id&quot;:&quot;broken&quot;} · HTTP 500 · "))
            #expect(page.contains("the service answered HTTP 500"))
        }
    }

    @Test("Gemini is sent a schema it accepts (numbers' enum in the description) and the call works")
    func geminiSchema() async throws {
        try await withTools(["LLM_PROVIDER": "gemini"]) { world, api, client in
            await world.gemini.enqueue([.functionCalls([("book_table", ["people": 2, "days": ["sun"]])])])
            try await Webhook.post(client, Webhook.text("Mesa para dois"))
            _ = try await world.twilio.waitForSent(count: 1)
            let requests = await world.gemini.requests()
            #expect(requests.count == 2 && requests.allSatisfy { $0.rejection == nil })
            let people = try #require(requests[0].toolSchemas["book_table"]?["properties"]?["people"])
            #expect(people["enum"] == nil && people["description"]?.stringValue?.contains("One of: 2, 4, 6") == true)
            #expect(requests[0].toolSchemas["book_table"]?["properties"]?["days"]?["items"]?["enum"] == ["sat", "sun"])
            #expect(await api.requests().first?.body?["party"] == 2)
            #expect(requests[1].functionResponses.first?.response["status"] == 200)
        }
    }
}
