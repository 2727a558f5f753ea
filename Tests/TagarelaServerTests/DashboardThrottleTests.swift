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
