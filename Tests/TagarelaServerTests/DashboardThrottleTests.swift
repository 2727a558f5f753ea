import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import TagarelaFakes
import Testing

@Suite("Dashboard: login throttling, trusted proxies and HSTS", .timeLimit(.minutes(3)))
struct DashboardThrottleTests {
    static let withPassword = DashboardAccessTests.withPassword
    /// The test client connects from 127.0.0.1: trusted by default, not with this list.
    static let loopbackUntrusted = withPassword.merging(["TRUSTED_PROXIES": "192.0.2.1"]) { $1 }
    static let forwardedFor = HTTPField.Name("X-Forwarded-For")!
    static let forwardedProto = HTTPField.Name("X-Forwarded-Proto")!

    /// One browser per header set loads the login page; then all post a wrong password at the same moment (on
    /// connections of their own: see ``TestWorld/withServer(_:timeSource:logger:testing:_:)``). Their statuses.
    static func guessInParallel(_ client: any TestClientProtocol, from headers: [HTTPFields]) async throws
        -> [HTTPResponse.Status]
    {
        let browsers = headers.map { AdminBrowser(client, headers: $0) }
        for browser in browsers { #expect(try await browser.get("/admin/login").status == .ok) }
        return try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
            for browser in browsers {
                let token = try browser.csrf()
                group.addTask {
                    try await browser.post("/admin/login", [("password", "guess"), ("csrf", token)]).status
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
    }

    @Test func theSixthFailureFromOneAddressIsRefusedWhileAnotherAddressLogsIn() async throws {
        let capture = LogCapture()
        try await TestWorld.with { world in
            try await world.withServer(Self.withPassword, logger: capture.logger()) { client in
                // Behind the proxy on this machine (trusted by default), one address guesses five times.
                let guesser: HTTPFields = [Self.forwardedFor: "198.51.100.1"]
                for _ in 1...5 {
                    let browser = AdminBrowser(client, headers: guesser)
                    #expect(try await browser.logIn(password: "guess").status == .unauthorized)
                }
                // The sixth is refused before its password is compared, even the right one.
                let sixth = AdminBrowser(client, headers: guesser)
                let refused = try await sixth.logIn()
                #expect(refused.status == .tooManyRequests)
                let retryAfter = try #require(refused.headers[.retryAfter].flatMap { Int($0) })
                #expect((50...60).contains(retryAfter))
                #expect(sixth.lastPage.contains("Too many failed logins from your address: try again in"))
                #expect(sixth.cookies["tagarela_session"] == nil)

                // Another address behind the same proxy is not locked out.
                let admin = AdminBrowser(client, headers: [Self.forwardedFor: "192.0.2.10"])
                #expect(try await admin.logIn().status == .seeOther)
                #expect(try await admin.get("/admin").status == .ok)

                let scrape = try await client.scrape()
                #expect(scrape[#"tagarela_admin_logins_total{outcome="failure"}"#] == 5)
                #expect(scrape[#"tagarela_admin_logins_total{outcome="throttled"}"#] == 1)
                #expect(scrape[#"tagarela_admin_logins_total{outcome="success"}"#] == 1)
            }
        }
        // Each attempt is logged with the client's address and the time; no password is.
        let lines = capture.lines
        let failures = lines.filter { $0.message == "admin login failed: wrong password" }
        #expect(failures.count == 5)
        #expect(failures.allSatisfy { $0.metadata["client"] == "198.51.100.1" && $0.metadata["at"] != nil })
        let refusals = lines.filter { $0.message.hasPrefix("admin login refused: too many failed logins") }
        #expect(refusals.map { $0.metadata["client"] } == ["198.51.100.1"])
        let successes = lines.filter { $0.message == "admin login" }
        #expect(successes.map { $0.metadata["client"] } == ["192.0.2.10"])
        #expect(!lines.contains { $0.everything.contains("guess") || $0.everything.contains(AdminBrowser.password) })
    }

    @Test func parallelGuessesGetNoMoreThanSequentialOnes() async throws {
        try await TestWorld.with { world in
            try await world.withServer(Self.withPassword, testing: .ahc()) { client in
                // Ten guesses at once from one address: each is counted before its password is compared, so the
                // second they all spend waiting for their answer buys the last five nothing.
                let guesser: HTTPFields = [Self.forwardedFor: "198.51.100.1"]
                let guesses = try await Self.guessInParallel(client, from: Array(repeating: guesser, count: 10))
                #expect(guesses.filter { $0 == .unauthorized }.count == 5)
                #expect(guesses.filter { $0 == .tooManyRequests }.count == 5)
                let scrape = try await client.scrape()
                #expect(scrape[#"tagarela_admin_logins_total{outcome="failure"}"#] == 5)
                #expect(scrape[#"tagarela_admin_logins_total{outcome="throttled"}"#] == 5)
            }
        }
    }

    @Test func anUntrustedPeersForwardedForIsNotTheThrottlingKey() async throws {
        let capture = LogCapture()
        try await TestWorld.with { world in
            try await world.withServer(Self.loopbackUntrusted, logger: capture.logger(), testing: .ahc()) { client in
                // Five guesses, each claiming another address: all are counted against the peer, 127.0.0.1.
                let claims: [HTTPFields] = (1...5).map { [Self.forwardedFor: "198.51.100.\($0)"] }
                let guesses = try await Self.guessInParallel(client, from: claims)
                #expect(guesses == Array(repeating: .unauthorized, count: 5))
                let sixth = try await AdminBrowser(client, headers: [Self.forwardedFor: "203.0.113.77"]).logIn()
                #expect(sixth.status == .tooManyRequests)
            }
        }
        let clients = Set(
            capture.lines.filter { $0.message.hasPrefix("admin login") }.compactMap { $0.metadata["client"] })
        #expect(clients == ["127.0.0.1"])
    }

    @Test func onlyATrustedProxysForwardedProtoMakesCookiesSecure() async throws {
        try await TestWorld.with { world in
            for (environment, trusted) in [(Self.withPassword, true), (Self.loopbackUntrusted, false)] {
                try await world.withServer(environment) { client in
                    let browser = AdminBrowser(client, headers: [Self.forwardedProto: "https"])
                    let page = try await browser.get("/admin/login")
                    let nonce = try #require(page.headers[values: .setCookie].first { $0.hasPrefix("tagarela_login=") })
                    #expect(nonce.contains("; Secure") == trusted, "\(nonce)")
                    let answer = try await browser.post(
                        "/admin/login", [("password", AdminBrowser.password)], csrf: true)
                    #expect(answer.status == .seeOther)
                    let session = try #require(
                        answer.headers[values: .setCookie].first { $0.hasPrefix("tagarela_session=") })
                    #expect(session.contains("; Secure") == trusted, "\(session)")
                    // Without the header (and not at PUBLIC_URL's host), plain HTTP: no Secure.
                    let plain = try await AdminBrowser(client).get("/admin/login")
                    #expect(plain.headers[values: .setCookie].allSatisfy { !$0.contains("Secure") })
                }
            }
        }
    }

    @Test func dashboardResponsesCarryHSTSWhenTheDashboardIsServedOverHTTPS() async throws {
        try await TestWorld.with { world in
            // PUBLIC_URL is https: every dashboard response, redirects included, and nothing else.
            try await world.withServer(Self.withPassword) { client in
                for path in ["/admin/login", "/admin", "/admin/conversations"] {
                    let response = try await client.execute(uri: path, method: .get, headers: [:], body: nil)
                    #expect(response.headers[.strictTransportSecurity] == "max-age=31536000", "\(path)")
                }
                let health = try await client.execute(uri: "/health", method: .get, headers: [:], body: nil)
                #expect(health.headers[.strictTransportSecurity] == nil)
            }
            // An http PUBLIC_URL: only a trusted proxy's word that the browser used HTTPS adds it.
            let plain = Self.withPassword.merging(["PUBLIC_URL": "http://bot.example.com"]) { $1 }
            let https: HTTPFields = [Self.forwardedProto: "https"]
            try await world.withServer(plain) { client in
                let bare = try await client.execute(uri: "/admin/login", method: .get, headers: [:], body: nil)
                #expect(bare.headers[.strictTransportSecurity] == nil)
                let proxied = try await client.execute(uri: "/admin/login", method: .get, headers: https, body: nil)
                #expect(proxied.headers[.strictTransportSecurity] == "max-age=31536000")
            }
            try await world.withServer(plain.merging(["TRUSTED_PROXIES": "192.0.2.1"]) { $1 }) { client in
                let spoofed = try await client.execute(uri: "/admin/login", method: .get, headers: https, body: nil)
                #expect(spoofed.headers[.strictTransportSecurity] == nil)
            }
        }
    }
}
