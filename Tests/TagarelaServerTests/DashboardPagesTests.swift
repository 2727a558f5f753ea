import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import TagarelaCore
import TagarelaFakes
import TagarelaSQLite
import Testing

@Suite("Dashboard: what the pages show and what their controls do", .timeLimit(.minutes(3)))
struct DashboardPagesTests {
    @Test func overviewShowsFiguresTheChartAndWhoIsWaiting() async throws {
        try await TestWorld.with { world in
            try await world.withServer(DashboardAccessTests.withPassword) { client in
                try await Webhook.post(client, Webhook.text("Oi"))
                _ = try await world.twilio.waitForSent(count: 1)
                let browser = try await AdminBrowser.loggedIn(client)
                try await waitUntil {
                    _ = try await browser.get("/admin")
                    return browser.lastPage.contains(#"id="card-answered"><div class="value">1<"#)
                }
                let page = browser.lastPage
                #expect(page.contains(#"id="card-contacts"><div class="value">1<"#))
                #expect(page.contains(#"id="card-inbound"><div class="value">1<"#))
                #expect(page.contains("<svg class=\"chart\" id=\"activity-chart\""))
                #expect(page.contains("1 received"))
                #expect(page.contains(#"<polyline id="turns-line""#))
                #expect(page.contains("<td>test-model</td>"))
                #expect(page.contains(#"<div class="label">Twilio</div><div class="ok">1 sent, 0 failed (24 h)</div>"#))
                #expect(page.contains(#"<div class="label">Database</div><div class="ok">ok</div>"#))
                #expect(page.contains("Nobody is waiting."))
                #expect(!page.contains("waiting-badge"))

                _ = try await browser.get("/admin/conversations/1")
                try await browser.post("/admin/conversations/1/pause", [], csrf: true)
                _ = try await browser.get("/admin")
                #expect(browser.lastPage.contains(#"<span class="badge" id="waiting-badge""#))
                #expect(browser.lastPage.contains(#"<li><a href="/admin/conversations/1">Ana</a>"#))
            }
        }
    }

    @Test func conversationsAreListedSearchedAndShown() async throws {
        try await TestWorld.with { world in
            try await world.withServer(DashboardAccessTests.withPassword) { client in
                try await Webhook.post(client, Webhook.text("Quero um bolo de <b>cenoura</b>"))
                try await Webhook.post(client, Webhook.text("Oi", from: "whatsapp:+5521988887777"))
                _ = try await world.twilio.waitForSent(count: 2)
                let browser = try await AdminBrowser.loggedIn(client)
                _ = try await browser.get("/admin/conversations")
                #expect(browser.lastPage.components(separatedBy: "<tr><td><a href=").count == 3)
                _ = try await browser.get("/admin/conversations?q=cenoura")
                #expect(browser.lastPage.contains(#"href="/admin/conversations/1""#))
                #expect(!browser.lastPage.contains(#"href="/admin/conversations/2""#))
                // What a contact wrote is shown as text, never as markup.
                _ = try await browser.get("/admin/conversations/1")
                #expect(browser.lastPage.contains("Quero um bolo de &lt;b&gt;cenoura&lt;/b&gt;"))
                #expect(!browser.lastPage.contains("<b>cenoura"))
                #expect(browser.lastPage.contains("test-model"))
                #expect(browser.lastPage.contains("The bot answers this contact."))
                _ = try await browser.get("/admin/conversations?q=nada-disso")
                #expect(browser.lastPage.contains(#"id="no-contacts""#))
                #expect(try await browser.get("/admin/conversations/99").status == .notFound)
            }
        }
    }

    @Test func aLongConversationPagesBackToItsBeginning() async throws {
        try await TestWorld.with { world in
            // 310 messages kept without a reply (as a backlog too old to answer is).
            let store = try ConversationSQLiteStore(path: world.databasePath)
            for index in 1...310 {
                _ = try await store.ingest(
                    InboundMessage(
                        channel: .twilio, providerMessageID: Webhook.newSid(),
                        identity: ContactIdentity(phone: "+5511987654321"), replyAddress: "whatsapp:+5511987654321",
                        profileName: "Ana", content: .text("mensagem \(index)"), expectsReply: false),
                    at: Date(), schedule: .immediate)
            }
            try await world.withServer(DashboardAccessTests.withPassword) { client in
                let browser = try await AdminBrowser.loggedIn(client)
                _ = try await browser.get("/admin/conversations/1")
                #expect(browser.lastPage.contains("mensagem 310<"))
                #expect(browser.lastPage.contains("mensagem 11<"))
                #expect(!browser.lastPage.contains("mensagem 10<"))
                #expect(browser.lastPage.contains(#"href="/admin/conversations/1?before=11""#))
                _ = try await browser.get("/admin/conversations/1?before=11")
                #expect(browser.lastPage.contains("mensagem 1<") && browser.lastPage.contains("mensagem 10<"))
                #expect(!browser.lastPage.contains("mensagem 11<"))
                #expect(!browser.lastPage.contains(#"id="older""#))
            }
        }
    }

    @Test func keptRecordingsPlayUntilTheyExpire() async throws {
        try await TestWorld.with { world in
            let store = try ConversationSQLiteStore(path: world.databasePath)
            _ = try await store.ingest(
                InboundMessage(
                    channel: .twilio, providerMessageID: Webhook.newSid(),
                    identity: ContactIdentity(phone: "+5511987654321"),
                    replyAddress: "whatsapp:+5511987654321", profileName: "Ana", content: .text("oi"),
                    expectsReply: false),
                at: Date(), schedule: .immediate)
            let live = StoredMedia.newID()
            let expired = StoredMedia.newID()
            for (id, expiresAt) in [(live, Date().addingTimeInterval(3600)), (expired, Date().addingTimeInterval(-1))] {
                try await store.saveMedia(
                    StoredMedia(
                        id: id, contactID: 1, contentType: "audio/ogg", bytes: Data("OggS-note".utf8),
                        createdAt: Date().addingTimeInterval(-7200), expiresAt: expiresAt, isPublic: false),
                    purgingBefore: Date().addingTimeInterval(-86_400))
            }
            try await world.withServer(DashboardAccessTests.withPassword) { client in
                let browser = try await AdminBrowser.loggedIn(client)
                let played = try await browser.get("/admin/media/\(live)")
                #expect(played.status == .ok)
                #expect(played.headers[.contentType] == "audio/ogg")
                #expect(browser.lastPage == "OggS-note")
                #expect(try await browser.get("/admin/media/\(expired)").status == .notFound)
                #expect(try await browser.get("/admin/media/not-an-id").status == .notFound)
            }
        }
    }

    @Test func pauseSendAsAPersonResumeClearExportAndDelete() async throws {
        try await TestWorld.with { world in
            try await world.withServer(DashboardAccessTests.withPassword) { client in
                try await Webhook.post(client, Webhook.text("Oi"))
                _ = try await world.twilio.waitForSent(count: 1)
                let browser = try await AdminBrowser.loggedIn(client)
                _ = try await browser.get("/admin/conversations/1")
                let paused = try await browser.post("/admin/conversations/1/pause", [], csrf: true)
                #expect(paused.headers[.location] == "/admin/conversations/1?notice=paused")
                _ = try await browser.get("/admin/conversations/1?notice=paused")
                #expect(browser.lastPage.contains(#"<p id="bot-state" class="bad">Paused since"#))
                #expect(browser.lastPage.contains("a person answers now"))

                // While paused the bot is silent; the person's message goes out.
                try await Webhook.post(client, Webhook.text("Tem alguém aí?"))
                try await browser.post("/admin/conversations/1/send", [("text", "Oi, aqui é a Bia!")], csrf: true)
                let sent = try await world.twilio.waitForSent(count: 2)
                #expect(sent.last?.body == "Oi, aqui é a Bia!")
                _ = try await browser.get("/admin/conversations/1")
                #expect(browser.lastPage.contains("sent by a person"))
                let empty = try await browser.post("/admin/conversations/1/send", [("text", "  ")], csrf: true)
                #expect(empty.status == .badRequest)
                #expect(browser.lastPage.contains("The message is empty."))

                _ = try await browser.get("/admin/conversations/1")
                try await browser.post("/admin/conversations/1/resume", [], csrf: true)
                _ = try await browser.get("/admin/conversations/1")
                #expect(browser.lastPage.contains("The bot answers this contact."))
                try await browser.post("/admin/conversations/1/clear-memory", [], csrf: true)
                #expect(browser.lastPage.isEmpty)

                let export = try await browser.get("/admin/conversations/1/export.json")
                #expect(export.headers[.contentDisposition]?.contains("tagarela-contact-1.json") == true)
                let json = try #require(
                    try JSONSerialization.jsonObject(with: Data(export.body.readableBytesView)) as? [String: Any])
                let messages = try #require(json["messages"] as? [[String: Any]])
                #expect(messages.compactMap { $0["text"] as? String }.contains("Oi, aqui é a Bia!"))
                #expect((json["contact"] as? [String: Any])?["phone"] as? String == "+5511987654321")

                _ = try await browser.get("/admin/conversations/1")
                let unconfirmed = try await browser.post("/admin/conversations/1/delete", [], csrf: true)
                #expect(unconfirmed.status == .badRequest)
                _ = try await browser.get("/admin/conversations/1")
                let deleted = try await browser.post("/admin/conversations/1/delete", [("confirm", "yes")], csrf: true)
                #expect(deleted.headers[.location] == "/admin/conversations")
                #expect(try await browser.get("/admin/conversations/1").status == .notFound)
            }
        }
    }

    @Test func settingsShowEveryVariableWithSecretsMasked() async throws {
        try await TestWorld.with { world in
            try await world.withServer(DashboardAccessTests.withPassword) { client in
                let browser = try await AdminBrowser.loggedIn(client)
                _ = try await browser.get("/admin/settings")
                let page = browser.lastPage
                for name in ["OPENAI_API_KEY", "TWILIO_AUTH_TOKEN", "ADMIN_PASSWORD", "DEBOUNCE_MS", "RETENTION_DAYS"] {
                    #expect(page.contains("<dt>\(name)</dt>"), "\(name)")
                }
                for secret in [TestWorld.authToken, AdminBrowser.password, TestWorld.adminToken, MetaHook.appSecret] {
                    #expect(!page.contains(secret))
                }
                #expect(page.contains("<dt>ADMIN_PASSWORD</dt><dd>(set, 28 chars)</dd>"))
            }
        }
    }

    @Test func thePlaygroundTalksToThePipeline() async throws {
        try await TestWorld.with { world in
            try await world.withServer(DashboardAccessTests.withPassword) { client in
                let browser = try await AdminBrowser.loggedIn(client)
                let (_, polled) = try await Self.playground(browser, say: "Olá, playground")
                let replies = polled["messages"] as? [[String: Any]] ?? []
                #expect(replies.first?["text"] as? String == "Olá, playground")
                #expect(await world.twilio.sent().isEmpty)
                let request = try #require(await world.openAI.requests().last)
                #expect(request.lastUserMessage == "Olá, playground")
                // Another contact starts with no memory.
                _ = try await browser.get("/admin/playground/other-one/messages?after=0")
                let other = try JSONSerialization.jsonObject(with: Data(browser.lastPage.utf8)) as? [String: Any]
                #expect((other?["messages"] as? [Any])?.isEmpty == true)
                #expect((other?["toolCalls"] as? [String: Any])?.isEmpty == true)
            }
        }
    }
}
