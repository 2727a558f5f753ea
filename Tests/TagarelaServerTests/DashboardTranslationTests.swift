import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import TagarelaFakes
import Testing

/// Every dashboard page in Brazilian Portuguese and in English, chosen by the browser or by `DASHBOARD_LANGUAGE`;
/// the JSON API in English whatever the browser asks.
@Suite("Dashboard translation: every page in both languages", .timeLimit(.minutes(3)))
struct DashboardTranslationTests {
    static let pages = [
        "/admin", "/admin/conversations", "/admin/conversations?q=nada", "/admin/conversations/1", "/admin/gallery",
        "/admin/gallery?q=nada", "/admin/knowledge", "/admin/knowledge?q=pedido%20m%C3%ADnimo",
        "/admin/knowledge?notice=added", "/admin/playground?as=visita", "/admin/settings",
        "/admin/conversations/1?notice=paused",
    ]

    /// Words the pages were written in before they spoke Portuguese; none may show on a Portuguese page.
    static let englishWords = [
        "overview", "conversations", "conversation", "gallery", "playground", "settings", "log out", "log in",
        "search", "send", "health", "activity", "messages", "received", "sent", "failed", "failures", "waiting",
        "nobody", "contact", "contacts", "number", "when", "answers", "pause", "paused", "resume", "clear", "memory",
        "export", "delete", "photo", "photos", "caption", "template", "language", "variables", "documents",
        "upload", "question", "passages", "source", "title", "size", "updated", "remove", "tools", "sessions",
        "password", "running", "dashboard", "newer", "older", "newest", "seen", "the", "and", "of", "with", "is",
        "yet", "your", "its", "cost", "estimated", "median", "reply", "days", "every", "none",
    ]

    @Test func everyPageIsInBrazilianPortugueseWithNoEnglishLeftAndInEnglishWhenAsked() async throws {
        try await TestWorld.with { world in
            let photo = await world.twilio.media(bytes: [UInt8](CatalogueSeed.png), contentType: "image/png")
            let settings = DashboardAccessTests.withPassword.merging(KnowledgeAPITests.fullText) { $1 }
            try await world.withServer(settings) { client in
                try await Webhook.post(client, PhotoTests.twilioPhoto(photo, caption: "Meu gato dormindo no sofá"))
                _ = try await world.twilio.waitForSent(count: 1)
                try await Webhook.post(client, Webhook.text("Quero um bolo de cenoura"))
                _ = try await world.twilio.waitForSent(count: 2)
                let upload = KnowledgeUpload.form([("entregas.md", try KnowledgeUpload.example("entregas.md"))])
                #expect(try await client.adminUpload("/api/knowledge", upload).status == .ok)

                let browser = AdminBrowser(client)
                browser.language = "pt-BR,pt;q=0.9,en-US;q=0.8,en;q=0.7"
                _ = try await browser.get("/admin/login")
                try Self.expectPortuguese(browser.lastPage, "/admin/login")
                #expect(browser.lastPage.contains("Senha do painel"))
                try await browser.logIn()
                for path in Self.pages {
                    let response = try await browser.get(path)
                    #expect(response.status == .ok, "\(path)")
                    try Self.expectPortuguese(browser.lastPage, path)
                }
                _ = try await browser.get("/admin")
                #expect(browser.lastPage.contains(#"<div class="label">Banco de dados</div><div class="ok">ok</div>"#))
                #expect(browser.lastPage.contains("enviadas, 0 com falha (24 h)"))
                _ = try await browser.get("/admin/conversations/1")
                #expect(browser.lastPage.contains("O bot responde este contato."))
                try await waitUntil("the photo in the gallery") {
                    _ = try await browser.get("/admin/gallery")
                    return browser.lastPage.contains("1 foto")
                }
                _ = try await browser.get("/admin/knowledge?q=pedido%20m%C3%ADnimo")
                #expect(browser.lastPage.contains("dado a um turno"))

                browser.language = "en-US,en;q=0.9,pt;q=0.5"
                for path in Self.pages {
                    _ = try await browser.get(path)
                    #expect(browser.lastPage.contains(#"<html lang="en">"#), "\(path)")
                }
                _ = try await browser.get("/admin/conversations/1")
                #expect(browser.lastPage.contains("The bot answers this contact."))
                #expect(browser.lastPage.contains(">Log out</button>"))
            }
        }
    }

    @Test func theSettingFixesTheLanguageWhateverTheBrowserAsks() async throws {
        try await TestWorld.with { world in
            for (setting, asked, expected) in [("en", "pt-BR", "Conversations"), ("pt-BR", "en", "Conversas")] {
                try await world.withServer(
                    DashboardAccessTests.withPassword.merging(["DASHBOARD_LANGUAGE": setting]) { $1 }
                ) {
                    client in
                    let browser = try await AdminBrowser.loggedIn(client)
                    browser.language = asked
                    _ = try await browser.get("/admin/conversations")
                    #expect(browser.lastPage.contains("<html lang=\"\(setting)\">"))
                    #expect(browser.lastPage.contains("<h1>\(expected)</h1>"))
                    let welcome = try await client.execute(
                        uri: "/", method: .get, headers: [.acceptLanguage: asked], body: nil)
                    #expect(String(buffer: welcome.body).contains("<html lang=\"\(setting)\">"))
                }
            }
            #expect(throws: (any Error).self) { try world.configuration(["DASHBOARD_LANGUAGE": "fr"]) }
        }
    }

    @Test func theJSONAPIStaysInEnglish() async throws {
        try await TestWorld.with { world in
            try await world.withServer { client in
                let response = try await client.execute(
                    uri: "/api/health", method: .get,
                    headers: [.authorization: "Bearer \(TestWorld.adminToken)", .acceptLanguage: "pt-BR"], body: nil)
                let body = String(buffer: response.body)
                #expect(body.contains("Database") && body.contains("0 sent, 0 failed (24 h)"))
                #expect(!body.contains("Banco de dados") && !body.contains("condition"))
            }
        }
    }

    /// The page is marked Portuguese and none of its visible text (nor placeholders, labels, titles) is English.
    static func expectPortuguese(_ page: String, _ path: String) throws {
        #expect(page.contains(#"<html lang="pt-BR">"#), "\(path)")
        let visible = try Self.visibleText(page)
        for word in englishWords {
            let pattern = try NSRegularExpression(pattern: "\\b\(word)\\b", options: [.caseInsensitive])
            let range = NSRange(visible.startIndex..., in: visible)
            if let match = pattern.firstMatch(in: visible, range: range) {
                let around = NSRange(
                    location: max(0, match.range.location - 40),
                    length: min(
                        match.range.length + 80, (visible as NSString).length - max(0, match.range.location - 40)))
                Issue.record("\(path): English “\(word)” in “\((visible as NSString).substring(with: around))”")
            }
        }
    }

    /// The text a person reads: text nodes and the placeholder, label, title and alt attributes, without the
    /// settings' own values and warnings (the start-up log's words, in English as the log is) or code.
    static func visibleText(_ page: String) throws -> String {
        var text = page
        for block in [
            #"<dl class="settings".*?</dl>"#, #"<ul class="error" id="settings-warnings">.*?</ul>"#, "<code>.*?</code>",
            "<script.*?</script>",
        ] {
            text = try NSRegularExpression(pattern: block, options: [.dotMatchesLineSeparators])
                .stringByReplacingMatches(in: text, range: NSRange(text.startIndex..., in: text), withTemplate: " ")
        }
        let attributes = try NSRegularExpression(pattern: #"(?:placeholder|aria-label|title|alt)="([^"]*)""#)
        let shown = attributes.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap {
            Range($0.range(at: 1), in: text).map { String(text[$0]) }
        }
        let nodes = try NSRegularExpression(pattern: "<[^>]*>")
            .stringByReplacingMatches(in: text, range: NSRange(text.startIndex..., in: text), withTemplate: " ")
        return ([nodes] + shown).joined(separator: " ")
    }
}
