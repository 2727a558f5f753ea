import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import TagarelaCore
import TagarelaFakes
import Testing

extension DashboardPagesTests {
    /// Opens a new playground contact, says `text` as it and waits for the reply; the contact's name in the URL and
    /// the last poll's JSON body.
    static func playground(_ browser: AdminBrowser, say text: String) async throws -> (String, [String: Any]) {
        let fresh = try await browser.get("/admin/playground")
        let location = try #require(fresh.headers[.location])
        #expect(location.hasPrefix("/admin/playground?as="))
        let id = String(location.dropFirst("/admin/playground?as=".count))
        _ = try await browser.get(location)
        let token = try #require(
            browser.lastPage.components(separatedBy: #"data-csrf=""#).dropFirst().first?.prefix { $0 != "\"" })
        let posted = try await browser.send(
            "/admin/playground/\(id)/messages", method: .post,
            headers: [.contentType: "application/json", .init("X-CSRF-Token")!: String(token)],
            body: ByteBuffer(string: JSONValue.object(["text": .string(text)]).jsonText))
        #expect(posted.status == .accepted)
        var body: [String: Any] = [:]
        try await waitUntil {
            let polled = try await browser.get("/admin/playground/\(id)/messages?after=0")
            body = try JSONSerialization.jsonObject(with: Data(polled.body.readableBytesView)) as? [String: Any] ?? [:]
            let messages = body["messages"] as? [[String: Any]] ?? []
            return messages.contains { $0["direction"] as? String == "out" }
        }
        return (id, body)
    }

    @Test func thePlaygroundAndTheConversationShowATurnsToolCallsEscaped() async throws {
        let tool = CountingTool()
        try await TestWorld.with { world in
            await world.openAI.enqueue([.response(.calling([("cancel_order", #"{"order":"<b>A-1</b>"}"#)]))])
            let settings = DashboardAccessTests.withPassword.merging(["LLM_PROVIDER": "openai"]) { $1 }
            try await world.withServer(settings, tools: [tool]) { client in
                let browser = try await AdminBrowser.loggedIn(client)
                let (id, polled) = try await Self.playground(browser, say: "Cancele o pedido")
                #expect(tool.calls.count == 1)
                // The poll gives the reply's turn's calls; the page script shows them as text.
                let calls = (polled["toolCalls"] as? [String: [[String: Any]]])?.values.first
                #expect(calls?.first?["name"] as? String == "cancel_order")
                #expect(calls?.first?["arguments"] as? String == #"{"order":"<b>A-1</b>"}"#)

                let escaped = "{&quot;order&quot;:&quot;&lt;b&gt;A-1&lt;/b&gt;&quot;}"
                _ = try await browser.get("/admin/playground?as=\(id)")
                #expect(browser.lastPage.contains("<li><code>cancel_order</code> \(escaped) · "))
                #expect(!browser.lastPage.contains("<b>A-1"))

                // The conversation view adds the result the journal kept.
                _ = try await browser.get("/admin/conversations/1")
                #expect(browser.lastPage.contains("<li><code>cancel_order</code> \(escaped) · "))
                #expect(
                    browser.lastPage.contains(
                        "→ <code class=\"tool-result\">{&quot;cancelled&quot;:&quot;&lt;b&gt;A-1&lt;/b&gt;&quot;}</code>"
                    ))
                #expect(!browser.lastPage.contains("<b>A-1"))
            }
        }
    }
}

extension DashboardPagesTests {
    @Test func settingsListTheMCPServers() async throws {
        let closed = try ClosedPort()
        try await TestWorld.with { world in
            let settings = DashboardAccessTests.withPassword.merging([
                "MCP_SERVERS": "down=http://127.0.0.1:\(closed.port)/mcp", "OUTBOUND_ALLOW_LOOPBACK": "true",
            ]) { $1 }
            try await world.withServer(settings) { client in
                let browser = try await AdminBrowser.loggedIn(client)
                _ = try await browser.get("/admin/settings")
                #expect(
                    browser.lastPage.contains(
                        "<tr><td><code>down</code></td><td>http</td><td>127.0.0.1</td><td>not reached</td></tr>"))
            }
        }
    }
}
