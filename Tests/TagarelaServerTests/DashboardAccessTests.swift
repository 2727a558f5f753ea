import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import TagarelaFakes
import Testing

@Suite("Dashboard: login, sessions and CSRF", .timeLimit(.minutes(3)))
struct DashboardAccessTests {
    static let withPassword = ["ADMIN_PASSWORD": AdminBrowser.password]

    @Test func everyPageAndControlNeedsALogin() async throws {
        try await TestWorld.with { world in
            try await world.withServer(Self.withPassword) { client in
                try await Webhook.post(client, Webhook.text("Oi"))
                _ = try await world.twilio.waitForSent(count: 1)
                let browser = AdminBrowser(client)
                let pages = [
                    "/admin", "/admin/conversations", "/admin/conversations/1", "/admin/settings",
                    "/admin/playground", "/admin/media/abc", "/admin/conversations/1/export.json",
                    "/admin/playground/x/messages", "/admin/gallery", "/admin/gallery?contact=1",
                ]
                for page in pages {
                    let response = try await browser.get(page)
                    #expect(response.status == .seeOther, "\(page)")
                    #expect(response.headers[.location]?.hasPrefix("/admin/login?next=") == true, "\(page)")
                    #expect(!browser.lastPage.contains("Ana"))
                }
                for control in ["pause", "resume", "clear-memory", "delete", "send", "media"] {
                    let response = try await browser.post("/admin/conversations/1/\(control)", [("text", "oi")])
                    #expect(response.status == .seeOther)
                }
                #expect(try await browser.post("/admin/gallery/1/delete", [("confirm", "yes")]).status == .seeOther)
                let stats = try await client.stats()
                #expect((stats["messages"] as? [String: Any])?["outbound"] as? Int == 1)
                // The API keeps its bearer token: a session cookie is not enough, nor needed.
                try await browser.logIn()
                #expect(try await browser.get("/api/contacts").status == .unauthorized)
            }
        }
    }

    @Test func logInWithThePasswordOnlyFromTheLoginForm() async throws {
        try await TestWorld.with { world in
            try await world.withServer(Self.withPassword) { client in
                let browser = AdminBrowser(client)
                let wrong = try await browser.logIn(password: "guess")
                #expect(wrong.status == .unauthorized)
                #expect(browser.lastPage.contains("Wrong password."))
                #expect(browser.cookies["tagarela_session"] == nil)

                // A form posted from elsewhere has no matching token.
                let forged = AdminBrowser(client)
                let response = try await forged.post(
                    "/admin/login", [("password", AdminBrowser.password), ("csrf", String(repeating: "0", count: 64))])
                #expect(response.status == .forbidden)
                #expect(forged.cookies["tagarela_session"] == nil)

                let right = try await browser.logIn(next: "/admin/settings")
                #expect(right.status == .seeOther)
                #expect(right.headers[.location] == "/admin/settings")
                let cookie = try #require(
                    right.headers[values: .setCookie].first { $0.hasPrefix("tagarela_session=") })
                #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict") && cookie.contains("Path=/"))
                #expect(try await browser.get("/admin").status == .ok)
                #expect(browser.lastPage.contains("<h1>Overview</h1>"))

                // A tampered cookie is no session.
                let tampered = AdminBrowser(client)
                let value = try #require(browser.cookies["tagarela_session"])
                let forgedValue = "9999999999" + value.drop { $0 != "." }
                let stolen = try await tampered.get("/admin", headers: [.cookie: "tagarela_session=\(forgedValue)"])
                #expect(stolen.status == .seeOther)

                // Only dashboard paths are followed after login.
                let elsewhere = AdminBrowser(client)
                #expect(try await elsewhere.logIn(next: "https://evil.example/").headers[.location] == "/admin")

                _ = try await browser.get("/admin")
                let out = try await browser.post("/admin/logout", [], csrf: true)
                #expect(out.status == .seeOther)
                #expect(browser.cookies["tagarela_session"] == nil)
                #expect(try await browser.get("/admin").status == .seeOther)
            }
        }
    }

    @Test func aFormWithoutItsTokenChangesNothing() async throws {
        try await TestWorld.with { world in
            try await world.withServer(Self.withPassword) { client in
                try await Webhook.post(client, Webhook.text("Oi"))
                _ = try await world.twilio.waitForSent(count: 1)
                let browser = try await AdminBrowser.loggedIn(client)
                _ = try await browser.get("/admin/conversations/1")
                let refused = try await browser.post("/admin/conversations/1/pause", [("csrf", "not-the-token")])
                #expect(refused.status == .forbidden)
                #expect(try await browser.post("/admin/conversations/1/pause", []).status == .forbidden)
                _ = try await browser.get("/admin/conversations/1")
                #expect(browser.lastPage.contains("The bot answers this contact."))
                // Scripts send the token in a header.
                let script = try await browser.send(
                    "/admin/playground/abc/messages", method: .post, headers: [.contentType: "application/json"],
                    body: ByteBuffer(string: #"{"text":"oi"}"#))
                #expect(script.status == .forbidden)
            }
        }
    }

    @Test func withoutAPasswordTheDashboardOpensOnlyThroughTheOneTimeLink() async throws {
        try await TestWorld.with { world in
            try await world.withServer { client in
                let response = try await client.execute(uri: "/admin", method: .get, headers: [:], body: nil)
                #expect(response.status == .seeOther)
                let login = try await client.execute(
                    uri: "/admin/login", method: .get, headers: [.acceptLanguage: "en"], body: nil)
                #expect(login.status == .ok)
                let page = String(buffer: login.body)
                #expect(page.contains("ADMIN_PASSWORD") && page.contains("one-time link"))
                #expect(!page.contains("name=\"password\""))
            }
        }
    }
}
