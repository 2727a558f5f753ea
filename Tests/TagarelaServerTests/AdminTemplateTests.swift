import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import TagarelaCore
import TagarelaFakes
import TagarelaSQLite
import Testing

@Suite("Admin API: approved templates, on each channel, outside the 24-hour window", .timeLimit(.minutes(3)))
struct AdminTemplateTests {
    /// A contact who last wrote two days ago on `channel` (the server answers that message when it starts).
    static func staleContact(_ world: TestWorld) async throws {
        let store = try ConversationSQLiteStore(path: world.databasePath)
        _ = try await store.ingest(
            InboundMessage(
                channel: .twilio, providerMessageID: Webhook.newSid(),
                identity: ContactIdentity(phone: "+5511900000009"),
                replyAddress: "whatsapp:+5511900000009", profileName: "Edu", content: .text("oi")),
            at: Date().addingTimeInterval(-2 * 86_400), schedule: .immediate)
    }

    @Test func twilioTakesTheContentSIDAndItsVariablesWithoutABody() async throws {
        try await TestWorld.with { world in
            try await Self.staleContact(world)
            try await world.withServer { client in
                _ = try await world.twilio.waitForSent(count: 1)
                let sid = "HX" + String(repeating: "a1", count: 16)
                let sent = try await AdminAPITests.post(
                    client, "/api/contacts/1/template", #"{"contentSid": "\#(sid)", "contentVariables": {"1": "Edu"}}"#)
                #expect(sent.status == .accepted)
                let delivered = try await world.twilio.waitForSent(count: 2)
                let form = try #require(delivered.last?.form)
                #expect(form["ContentSid"] == [sid])
                #expect(form["ContentVariables"] == [#"{"1":"Edu"}"#])
                #expect(form["Body"] == nil)
                #expect(delivered.last?.to == "whatsapp:+5511900000009")
                // A Meta-style request is no Twilio template.
                let wrong = try await AdminAPITests.post(
                    client, "/api/contacts/1/template", #"{"name": "pedido_pronto", "language": "pt_BR"}"#)
                #expect(wrong.status == .badRequest)
                #expect(String(buffer: wrong.body).contains("Content SID"))
                #expect(try await AdminAPITests.post(client, "/api/contacts/1/template", "[]").status == .badRequest)
            }
        }
    }

    @Test func metaTakesTheNameLanguageAndComponents() async throws {
        try await TestWorld.with { world in
            try await world.withServer { client in
                let response = try await MetaHook.post(client, MetaHook.delivery(messages: [MetaHook.text("Oi")]))
                #expect(response.status == .ok)
                _ = try await world.graph.waitForSent(count: 1)
                let body = """
                    {"name": "pedido_pronto", "language": "pt_BR",
                     "components": [{"type": "body", "parameters": [{"type": "text", "text": "Ana"}]}]}
                    """
                let sent = try await AdminAPITests.post(client, "/api/contacts/1/template", body)
                #expect(sent.status == .accepted)
                let delivered = try await world.graph.waitForSent(count: 2)
                let template = try #require(delivered.last)
                #expect(template.type == "template")
                #expect(template.templateName == "pedido_pronto" && template.templateLanguage == "pt_BR")
                let components = try #require(
                    (template.json["template"] as? [String: Any])?["components"] as? [[String: Any]])
                #expect(components.first?["type"] as? String == "body")
                let missing = try await AdminAPITests.post(client, "/api/contacts/1/template", #"{"name": "x"}"#)
                #expect(missing.status == .badRequest)
            }
        }
    }

    @Test func theDashboardSendsATemplateAndShowsItByName() async throws {
        try await TestWorld.with { world in
            try await Self.staleContact(world)
            try await world.withServer(DashboardAccessTests.withPassword) { client in
                _ = try await world.twilio.waitForSent(count: 1)
                let browser = try await AdminBrowser.loggedIn(client)
                _ = try await browser.get("/admin/conversations/1")
                let sid = "HX" + String(repeating: "b2", count: 16)
                let posted = try await browser.post(
                    "/admin/conversations/1/template", [("template", sid), ("variables", #"{"1": "Edu"}"#)], csrf: true)
                #expect(posted.status == .seeOther)
                let delivered = try await world.twilio.waitForSent(count: 2)
                #expect(delivered.last?.form["ContentSid"] == [sid])
                _ = try await browser.get("/admin/conversations/1")
                #expect(browser.lastPage.contains("Template \(sid)"))
                // Free text is refused outside the window, with the reason on the page.
                let late = try await browser.post("/admin/conversations/1/send", [("text", "Oi?")], csrf: true)
                #expect(late.status == .conflict)
                #expect(browser.lastPage.contains("approved template"))
            }
        }
    }
}
