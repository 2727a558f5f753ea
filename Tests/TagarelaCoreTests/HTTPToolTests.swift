import Foundation
import Testing

@testable import TagarelaCore

/// Records what a tool would send, and answers as told.
actor RecordingToolClient: ToolHTTPClient {
    var sent: [ToolHTTPRequest] = []
    let answer: ToolHTTPResponse

    init(
        answer: ToolHTTPResponse = ToolHTTPResponse(status: 200, contentType: "application/json", body: Data("{}".utf8))
    ) {
        self.answer = answer
    }

    func send(_ request: ToolHTTPRequest) async throws -> ToolHTTPResponse {
        sent.append(request)
        return answer
    }
}

@Suite("HTTPTool: a tools file's entry, read and called")
struct HTTPToolTests {
    static let entry: JSONValue = [
        "name": "cancel_order",
        "description": "Cancels an order.",
        "confirm": true,
        "timeout_seconds": 2,
        "parameters": [
            "type": "object", "properties": ["id": ["type": "string"], "count": ["type": "integer"]],
            "required": ["id"],
        ],
        "request": [
            "method": "post",
            "url": "https://shop.example.com/orders/{id}/cancel?who={contact.id}&k=${KEY}",
            "headers": ["X-Key": "${KEY}", "X-Who": "{contact.name} {{ok}}"],
            "body": ["id": "{id}", "count": "{count}", "text": "order {id} for {contact.phone}"],
        ],
    ]

    func declaration(_ entry: JSONValue = entry, secrets: [String: String] = ["KEY": "k/1"]) throws
        -> HTTPToolDeclaration
    {
        var problems: [String] = []
        let read = HTTPToolDeclaration.read(
            entry, maxTimeout: .seconds(10), secret: { secrets[$0] }, problems: &problems)
        #expect(problems.isEmpty, "\(problems)")
        return try #require(read)
    }

    @Test("the file's entry: kind, timeout, host; a call renders the request and sends the journal's key")
    func rendersTheRequest() async throws {
        let tool = try declaration()
        #expect(
            tool.kind == .sideEffect(confirm: true) && tool.timeout == .seconds(2) && tool.hosts == ["shop.example.com"]
        )
        let client = RecordingToolClient()
        let http = HTTPTool(tool, client: client, limits: nil, maxResponseBytes: 1000)
        var context = ToolContext(contact: .sample(), facts: [], now: Date())
        context.idempotencyKey = "journal-7"
        let output = try await http.run(["id": "a b&c", "count": .null], context: context)
        #expect(output.status == 200 && output.result == ["status": 200, "body": [:]])
        let sent = try #require(await client.sent.first)
        #expect(sent.method == "POST" && sent.hosts == ["shop.example.com"] && sent.maxBytes == 1000)
        #expect(sent.url == "https://shop.example.com/orders/a%20b%26c/cancel?who=7&k=k/1")
        #expect(sent.headers.map(\.name) == ["X-Key", "X-Who", "Content-Type", "Idempotency-Key"])
        #expect(sent.headers.map(\.value) == ["k/1", "Ana {ok}", "application/json", "journal-7"])
        let body = try #require(sent.body.flatMap { JSONValue(parsing: String(decoding: $0, as: UTF8.self)) })
        #expect(body == ["id": "a b&c", "text": "order a b&c for +5511987654321"])
    }

    @Test("a read-only call carries no Idempotency-Key; a bad call and an error status are answered as data")
    func readOnlyAndFailures() async throws {
        var entry = Self.entry.objectValue ?? [:]
        entry["confirm"] = nil
        entry["read_only"] = true
        let tool = try declaration(.object(entry))
        #expect(tool.kind == .readOnly)
        let client = RecordingToolClient(
            answer: ToolHTTPResponse(status: 404, contentType: "text/plain", body: Data("no such order".utf8)))
        let http = HTTPTool(tool, client: client, limits: nil, maxResponseBytes: 1000)
        let context = ToolContext(contact: .sample(), facts: [], now: Date())
        await #expect(throws: ToolError("invalid arguments, no request was made: count: must be an integer")) {
            try await http.run(["id": "1", "count": "two"], context: context)
        }
        #expect(await client.sent.isEmpty)
        let output = try await http.run(["id": "1"], context: context)
        #expect(output.result == ["error": "the service answered HTTP 404", "body": "no such order"])
        #expect(await client.sent.first?.headers.contains { $0.name == "Idempotency-Key" } == false)
        // A setting the file names but nobody set: refused before any request.
        var unset = tool
        unset.unsetSettings = ["KEY"]
        await #expect(throws: ToolError("this tool is not set up yet (KEY not set): no request was made")) {
            try await HTTPTool(unset, client: client, limits: nil, maxResponseBytes: 1000).run(
                ["id": "1"], context: context)
        }
        #expect(await client.sent.count == 1)
    }

    @Test("mistakes in an entry: each named, all of them")
    func entryMistakes() {
        var problems: [String] = []
        let read = HTTPToolDeclaration.read(
            [
                "name": "bad name!", "read_only": true, "confirm": true, "timeout_seconds": 30, "retries": 3,
                "request": [
                    "method": "GET", "url": "https://{host}.example.com/x?q={missing}", "body": ["a": 1],
                    "headers": ["X": "${NOPE"],
                ],
            ], maxTimeout: .seconds(10), secret: { _ in nil }, problems: &problems)
        #expect(read == nil)
        #expect(
            problems == [
                "retries: not a tool field (one of name, description, parameters, read_only, confirm, "
                    + "timeout_seconds, allow_private_addresses, request)",
                "name: must be 1 to 64 letters, digits, _ or - (got \"bad name!\")",
                "description: must say what the tool does, for the model",
                "confirm: a read_only tool has nothing to confirm",
                "timeout_seconds: must be a number above 0 and at most TOOL_TIMEOUT_SECONDS (10), got 30",
                "request.url: {host} is neither an argument in parameters nor one of {contact.id}, "
                    + "{contact.phone}, {contact.name}, {contact.user_id}",
                "request.url: {missing} is neither an argument in parameters nor one of {contact.id}, "
                    + "{contact.phone}, {contact.name}, {contact.user_id}",
                "request.headers.X: \"${\" is not closed by \"}\"",
                "request.body: a GET request has no body",
            ])
        // No argument may choose the host.
        var host: [String] = []
        let entry: JSONValue = [
            "name": "a", "description": "b",
            "parameters": ["type": "object", "properties": ["id": ["type": "string"]]],
            "request": ["url": "https://{id}.example.com/"],
        ]
        #expect(HTTPToolDeclaration.read(entry, maxTimeout: .seconds(10), secret: { _ in nil }, problems: &host) == nil)
        #expect(host == ["request.url: must start with https://host/ (no placeholder before the path)"])
    }

    @Test("limits: this turn's calls and the stored calls of the day, refusals not counted")
    func limits() async throws {
        let store = InMemoryConversationStore()
        let limits = ToolCallLimits(
            perTurn: 2, perContactPerDay: 3, counts: { $0 == "cancel_order" }, store: store, dayStart: { $0 })
        var context = ToolContext(contact: .sample(), facts: [], now: Date())
        let call = ToolCallRecord(name: "cancel_order", arguments: "{}", milliseconds: 1)
        let refused = ToolCallRecord(
            name: "cancel_order", arguments: "{}", error: ToolCallLimits.refusal + ": …", milliseconds: 1)
        context.calls = [call, refused, ToolCallRecord(name: "current_time", arguments: "{}", milliseconds: 1)]
        try await limits.check(context)
        context.calls.append(call)
        await #expect(throws: ToolError.self) { try await limits.check(context) }
    }
}
