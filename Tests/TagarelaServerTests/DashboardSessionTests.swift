import Crypto
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import TagarelaFakes
import TagarelaPostgres
import Testing

@Suite("Dashboard: the session secret, logout and revocation", .timeLimit(.minutes(3)))
struct DashboardSessionTests {
    static let withPassword = DashboardAccessTests.withPassword

    @Test func theLoginPageCarriesNothingThatTestsAPasswordGuess() async throws {
        try await TestWorld.with { world in
            try await world.withServer(Self.withPassword) { client in
                let browser = AdminBrowser(client)
                let page = try await browser.get("/admin/login")
                #expect(page.status == .ok)
                let token = try browser.csrf()
                let nonce = try #require(browser.cookies["tagarela_login"])
                // What the login page used to hand anyone: a MAC under a key made from the password alone, so one
                // page was enough to try guesses offline (and the password found forged sessions).
                let password = AdminBrowser.password
                let digest = Data(SHA256.hash(data: Data("tagarela admin session\u{0}\(password)".utf8)))
                let keys = [
                    SymmetricKey(data: digest), SymmetricKey(data: Data(password.utf8)),
                    SymmetricKey(data: Data(SHA256.hash(data: Data(password.utf8)))),
                ]
                #expect(Self.mac("login.\(nonce)", key: keys[0]) != token)
                var fromPasswordAlone = [Self.hex(digest), Self.hex(Data(SHA256.hash(data: Data(password.utf8))))]
                for key in keys {
                    for message in ["login.\(nonce)", "csrf.\(nonce)", nonce, "password.\(password)"] {
                        fromPasswordAlone.append(Self.mac(message, key: key))
                    }
                }
                let sent = [browser.lastPage] + page.headers.map { "\($0.name): \($0.value)" }
                for value in fromPasswordAlone {
                    #expect(!sent.contains { $0.contains(value) }, "\(value)")
                }
                #expect(!sent.contains { $0.contains(password) })
                // The token still logs in: it is bound to the nonce, by the server's secret.
                let answer = try await browser.post("/admin/login", [("password", password), ("csrf", token)])
                #expect(answer.status == .seeOther)
            }
        }
    }

    @Test func aCookieKeptAfterLogoutIsRefused() async throws {
        try await TestWorld.with { world in
            try await world.withServer(Self.withPassword) { client in
                let browser = try await AdminBrowser.loggedIn(client)
                let cookie = try #require(browser.cookies["tagarela_session"])
                #expect(try await Self.replay(cookie, on: client).status == .ok)
                _ = try await browser.get("/admin")
                let out = try await browser.post("/admin/logout", [], csrf: true)
                #expect(out.status == .seeOther && out.headers[.location] == "/admin/login")
                let replayed = try await Self.replay(cookie, on: client)
                #expect(replayed.status == .seeOther)
                #expect(replayed.headers[.location]?.hasPrefix("/admin/login") == true)
            }
        }
    }

    @Test func logOutEverySessionEndsTheOtherBrowsersToo() async throws {
        try await TestWorld.with { world in
            try await world.withServer(Self.withPassword) { client in
                let mine = try await AdminBrowser.loggedIn(client)
                let other = try await AdminBrowser.loggedIn(client)
                let otherCookie = try #require(other.cookies["tagarela_session"])
                _ = try await mine.get("/admin/settings")
                #expect(mine.lastPage.contains(#"action="/admin/sessions/logout-all""#))
                #expect(mine.lastPage.contains("Log out every session"))
                // Like every form, it needs the page's token.
                #expect(try await mine.post("/admin/sessions/logout-all", []).status == .forbidden)
                #expect(try await other.get("/admin").status == .ok)

                _ = try await mine.get("/admin/settings")
                let out = try await mine.post("/admin/sessions/logout-all", [], csrf: true)
                #expect(out.status == .seeOther && out.headers[.location] == "/admin/login")
                #expect(mine.cookies["tagarela_session"] == nil)
                let refused = try await Self.replay(otherCookie, on: client)
                #expect(refused.status == .seeOther)
                #expect(refused.headers[.location]?.hasPrefix("/admin/login") == true)
                // A new login works as before.
                #expect(try await mine.logIn().status == .seeOther)
                #expect(try await mine.get("/admin").status == .ok)
            }
        }
    }

    @Test func changingThePasswordLogsEveryoneOut() async throws {
        try await TestWorld.with { world in
            let cookie = try await world.withServer(Self.withPassword) { client in
                try #require(try await AdminBrowser.loggedIn(client).cookies["tagarela_session"])
            }
            // Another instance on the same database and password shares the stored secret and the session.
            try await world.withServer(Self.withPassword) { client in
                let accepted = try await Self.replay(cookie, on: client)
                #expect(accepted.status == .ok)
            }
            try await world.withServer(["ADMIN_PASSWORD": "a different long passphrase"]) { client in
                let refused = try await Self.replay(cookie, on: client)
                #expect(refused.status == .seeOther)
                #expect(refused.headers[.location]?.hasPrefix("/admin/login") == true)
            }
        }
    }

    @Test func instancesOnOneSessionSecretAcceptEachOthersCookies() async throws {
        let secret = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
        let environment = Self.withPassword.merging(["ADMIN_SESSION_SECRET": secret]) { $1 }
        try await TestWorld.with { world in
            try await world.withServer(environment) { first in
                try await world.withServer(environment) { second in
                    for (from, to) in [(first, second), (second, first)] {
                        let browser = AdminBrowser(from)
                        Self.expectNoSecret(secret, in: try await browser.get("/admin/login"))
                        Self.expectNoSecret(secret, in: try await browser.logIn())
                        let cookie = try #require(browser.cookies["tagarela_session"])
                        let accepted = try await Self.replay(cookie, on: to)
                        #expect(accepted.status == .ok)
                        Self.expectNoSecret(secret, in: accepted)
                        let settings = try await browser.get("/admin/settings")
                        #expect(browser.lastPage.contains("<dt>ADMIN_SESSION_SECRET</dt><dd>(set, 64 chars)</dd>"))
                        Self.expectNoSecret(secret, in: settings)
                    }
                }
            }
            // The configured secret signs, not the one in the database: another secret refuses the cookie.
            let cookie = try await world.withServer(environment) { client in
                try #require(try await AdminBrowser.loggedIn(client).cookies["tagarela_session"])
            }
            let otherSecret = String(secret.reversed())
            try await world.withServer(environment.merging(["ADMIN_SESSION_SECRET": otherSecret]) { $1 }) { client in
                let refused = try await Self.replay(cookie, on: client)
                #expect(refused.status == .seeOther)
            }
        }
    }

    @Test(
        "instances on one PostgreSQL database share the generated secret and the sessions",
        .enabled(if: PostgresTestDatabase.isEnabled, Comment(rawValue: PostgresTestDatabase.skipped)),
        .timeLimit(.minutes(2)))
    func instancesOnPostgreSQLShareTheGeneratedSecret() async throws {
        try await PostgresTestDatabase.withDatabase { database in
            let url =
                "postgres://\(database.username)@\(database.host):\(database.port)/\(database.database ?? "")"
                + "?sslmode=disable"
            let environment = Self.withPassword.merging(["DATABASE_URL": url]) { $1 }
            try await TestWorld.with { world in
                try await world.withServer(environment) { first in
                    try await world.withServer(environment) { second in
                        let browser = try await AdminBrowser.loggedIn(first)
                        let cookie = try #require(browser.cookies["tagarela_session"])
                        #expect(try await Self.replay(cookie, on: second).status == .ok)
                        _ = try await browser.get("/admin")
                        #expect(try await browser.post("/admin/logout", [], csrf: true).status == .seeOther)
                        #expect(try await Self.replay(cookie, on: second).status == .seeOther)
                    }
                }
            }
        }
    }

    /// `/admin` requested by a browser that holds nothing but `cookie`.
    static func replay(_ cookie: String, on client: any TestClientProtocol) async throws -> TestResponse {
        try await client.execute(
            uri: "/admin", method: .get, headers: [.cookie: "tagarela_session=\(cookie)"], body: nil)
    }

    static func expectNoSecret(_ secret: String, in response: TestResponse) {
        #expect(!String(buffer: response.body).contains(secret))
        #expect(!response.headers.contains { $0.value.contains(secret) })
    }

    static func mac(_ message: String, key: SymmetricKey) -> String {
        hex(Data(HMAC<SHA256>.authenticationCode(for: Data(message.utf8), using: key)))
    }

    static func hex(_ bytes: Data) -> String {
        bytes.map { String(format: "%02x", $0) }.joined()
    }
}
