import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Synchronization
import TagarelaChannels
import TagarelaCore
import TagarelaFakes
import Testing

@testable import TagarelaServer

/// Without `ADMIN_PASSWORD` the server prints a one-time link to its dashboard: it logs one browser in once,
/// within 15 minutes, from this machine only.
@Suite("Dashboard: the one-time first-run link", .timeLimit(.minutes(3)))
struct FirstRunLoginTests {
    /// Runs the server with `overrides`, handing `body` the path of the link it announced (nil: none).
    static func withServer(
        _ world: TestWorld, _ overrides: [String: String] = [:], timeSource: any TimeSource = SystemTimeSource(),
        _ body: @Sendable (any TestClientProtocol, _ link: () -> String?) async throws -> Void
    ) async throws {
        let announced = Mutex<[String]>([])
        var quiet = Logger(label: "test")
        quiet.logLevel = .critical
        let app = try await buildApplication(
            try world.configuration(overrides),
            dependencies: Dependencies(
                timeSource: timeSource, logger: quiet,
                announceFirstRunLink: { link in announced.withLock { $0.append(link) } }))
        try await app.test(.live) { client in
            _ = try await client.execute(uri: "/health", method: .get, headers: [:], body: nil)
            try await body(client) {
                let links = announced.withLock { $0 }
                #expect(links.count <= 1, "the link is announced once")
                // The path and query: the test client knows the port.
                return links.first.flatMap { URL(string: $0) }.map { "\($0.path)?\($0.query ?? "")" }
            }
        }
    }

    @Test func theLinkLogsInOnceAndThePagesSayHowToSetAPassword() async throws {
        try await TestWorld.with { world in
            try await Self.withServer(world) { client, link in
                let path = try #require(link())
                #expect(path.hasPrefix("/admin/first-run?token=") && path.count == "/admin/first-run?token=".count + 32)
                let login = AdminBrowser(client)
                #expect(try await login.get("/admin/login").status == .ok)
                #expect(login.lastPage.contains("first-run-hint") && !login.lastPage.contains("name=\"password\""))
                let browser = AdminBrowser(client)
                let opened = try await browser.get(path)
                #expect(opened.status == .seeOther && opened.headers[.location] == "/admin")
                #expect(browser.cookies["tagarela_session"] != nil)
                #expect(try await browser.get("/admin").status == .ok)
                #expect(
                    browser.lastPage.contains("id=\"first-run-banner\"") && browser.lastPage.contains("ADMIN_PASSWORD"))
                // The playground answers at once: a message typed there reaches the model.
                let playground = try await browser.get("/admin/playground")
                let chat = try #require(playground.headers[.location])
                #expect(try await browser.get(chat).status == .ok && browser.lastPage.contains("id=\"playground\""))

                // Used once: a second browser with the same link is refused, and gets no session.
                let second = AdminBrowser(client)
                #expect(try await second.get(path).status == .forbidden)
                #expect(
                    second.lastPage.contains(DashboardText.english.firstRun.used)
                        && second.cookies["tagarela_session"] == nil)
                #expect(try await second.get("/admin").status == .seeOther)
                // A password cannot be typed into the one-time mode.
                #expect(try await second.post("/admin/login", [("password", "x"), ("csrf", "y")]).status == .notFound)
            }
        }
    }

    @Test func anExpiredLinkIsRefused() async throws {
        let clock = ManualTimeSource()
        try await TestWorld.with { world in
            try await Self.withServer(world, timeSource: clock) { client, link in
                let path = try #require(link())
                clock.advance(by: .seconds(15 * 60))
                let browser = AdminBrowser(client)
                #expect(try await browser.get(path).status == .forbidden)
                #expect(
                    browser.lastPage.contains(DashboardText.english.firstRun.expired)
                        && browser.cookies["tagarela_session"] == nil)
            }
        }
    }

    @Test func aLinkThroughAProxyIsRefusedAndStaysUnused() async throws {
        try await TestWorld.with { world in
            try await Self.withServer(world, ["TRUSTED_PROXIES": "127.0.0.1/32"]) { client, link in
                let path = try #require(link())
                // A proxy or tunnel on this machine connects from loopback, for a browser elsewhere.
                let proxied = AdminBrowser(client, headers: [HTTPField.Name("X-Forwarded-For")!: "127.0.0.1"])
                #expect(try await proxied.get(path).status == .forbidden)
                #expect(proxied.lastPage.contains(DashboardText.english.firstRun.notThisMachine))
                #expect(proxied.cookies["tagarela_session"] == nil)
                // Refused before it was spent: the machine's own browser still gets in.
                #expect(try await AdminBrowser(client).get(path).status == .seeOther)
            }
        }
    }

    @Test func aPasswordMeansNoLink() async throws {
        try await TestWorld.with { world in
            try await Self.withServer(world, ["ADMIN_PASSWORD": AdminBrowser.password]) { client, link in
                #expect(link() == nil)
                let browser = AdminBrowser(client)
                #expect(
                    try await browser.get("/admin/first-run?token=\(String(repeating: "0", count: 32))").status
                        == .notFound)
                try await browser.logIn()
                #expect(try await browser.get("/admin").status == .ok)
                #expect(!browser.lastPage.contains("first-run-banner"))
            }
        }
    }

    @Test func aWrongTokenIsRefusedWithoutSpendingTheLink() throws {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let (login, token) = FirstRunLogin.make(now: now)
        #expect(throws: FirstRunLogin.Refusal.wrong) { try login.redeem(String(repeating: "0", count: 32), now: now) }
        try login.redeem(token, now: now.addingTimeInterval(60))
        #expect(throws: FirstRunLogin.Refusal.used) { try login.redeem(token, now: now.addingTimeInterval(61)) }
    }

    @Test func onlyALoopbackPeerAskingForALoopbackHostWithoutAProxyIsThisMachine() throws {
        func request(_ authority: String, _ headers: HTTPFields = [:]) -> Request {
            Request(
                head: HTTPRequest(method: .get, scheme: "http", authority: authority, path: "/", headerFields: headers),
                body: RequestBody(buffer: ByteBuffer()))
        }
        let loopback = IPAddress("127.0.0.1")
        #expect(FirstRunLogin.isFromThisMachine(request("localhost:8080"), peer: loopback))
        #expect(FirstRunLogin.isFromThisMachine(request("[::1]:8080"), peer: IPAddress("::1")))
        #expect(FirstRunLogin.isFromThisMachine(request("127.0.0.1:8080"), peer: loopback))
        #expect(!FirstRunLogin.isFromThisMachine(request("localhost:8080"), peer: IPAddress("192.168.1.20")))
        #expect(!FirstRunLogin.isFromThisMachine(request("localhost:8080"), peer: IPAddress("203.0.113.9")))
        #expect(!FirstRunLogin.isFromThisMachine(request("localhost:8080"), peer: nil))
        // A tunnel from this machine still names its public host.
        #expect(!FirstRunLogin.isFromThisMachine(request("abc.ngrok.app"), peer: loopback))
        #expect(
            !FirstRunLogin.isFromThisMachine(
                request("localhost:8080", [HTTPField.Name("Forwarded")!: "for=203.0.113.9"]), peer: loopback))
    }
}
