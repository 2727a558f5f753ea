import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import TagarelaFakes
import Testing

/// Running summaries from outside: a conversation past its window is summarised by the same model after a turn,
/// the next turn sends the summary, and the conversation view, the contacts API, the export and clearing memory show
/// it or forget it.
@Suite("Running summaries through the real server", .timeLimit(.minutes(3)))
struct MemorySummaryAPITests {
    static let summary = "Ana quer um bolo de chocolate."

    @Test func aLongConversationIsSummarisedSentShownExportedAndCleared() async throws {
        try await TestWorld.with { world in
            await world.openAI.setResponder { request in
                let instructions = request.instructions ?? request.messages.first { $0.role == "system" }?.content
                return .text(instructions?.hasPrefix("You keep the running summary") == true ? Self.summary : "ok")
            }
            let settings = DashboardAccessTests.withPassword.merging(["MEMORY_MAX_MESSAGES": "4"]) { $1 }
            try await world.withServer(settings) { client in
                for (index, text) in ["Meu nome é Ana", "Quero um bolo", "De chocolate"].enumerated() {
                    try await Webhook.post(client, Webhook.text(text))
                    _ = try await world.twilio.waitForSent(count: index + 1)
                }
                // The third turn read a full window: its fold ran after it, with the same model.
                try await waitUntil("the summary made") {
                    let contact = try await AdminAPITests.json(client, "/api/contacts/1")
                    return (contact["memorySummary"] as? [String: Any])?["text"] as? String == Self.summary
                }
                let browser = try await AdminBrowser.loggedIn(client)
                _ = try await browser.get("/admin/conversations/1")
                #expect(browser.lastPage.contains(#"<ul id="memory-summary"><li>\#(Self.summary)</li></ul>"#))
                try await Webhook.post(client, Webhook.text("Para sábado"))
                _ = try await world.twilio.waitForSent(count: 4)
                let last = try #require(await world.openAI.requests().last)
                #expect(last.lastUserMessage == "Para sábado")
                let first = try #require(last.messages.first { $0.role == "user" })
                #expect(first.content.hasPrefix("<conversation_summary>\n\(Self.summary)\n</conversation_summary>"))
                let export = try await client.execute(
                    uri: "/api/contacts/1/export", method: .get, headers: AdminAPITests.bearer, body: nil)
                #expect(String(buffer: export.body).contains(Self.summary))
                // The summary's model call is counted with the turns' tokens, not as a turn.
                let stats = try await AdminAPITests.json(client, "/api/stats")
                #expect((stats["turns"] as? [String: Any])?["total"] as? Int == 4)
                let turns =
                    try await AdminAPITests.json(client, "/api/contacts/1/messages")["turns"] as? [[String: Any]]
                let summarised = try #require(turns?.first { $0["status"] as? String == "summary" })
                #expect(summarised["model"] as? String == "test-model")

                #expect(try await AdminAPITests.post(client, "/clear-user-memory/+5511987654321", "").status == .ok)
                #expect(try await AdminAPITests.json(client, "/api/contacts/1")["memorySummary"] == nil)
            }
        }
    }
}
