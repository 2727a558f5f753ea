import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import TagarelaChannels
import Testing

@testable import TagarelaServer

@Suite("TRUSTED_PROXIES and the forwarded headers", .timeLimit(.minutes(3)))
struct TrustedProxiesTests {
    static func request(_ headers: HTTPFields, authority: String = "localhost:8080") -> Request {
        Request(
            head: HTTPRequest(
                method: .post, scheme: "http", authority: authority, path: "/admin/login", headerFields: headers),
            body: RequestBody(buffer: ByteBuffer()))
    }

    static func proxies(_ value: String) throws -> TrustedProxies {
        try Configuration.load(environment: ["TRUSTED_PROXIES": value]).server.trustedProxies
    }

    static let forwardedFor = HTTPField.Name("X-Forwarded-For")!
    static let forwardedProto = HTTPField.Name("X-Forwarded-Proto")!

    @Test func theDefaultTrustsOnlyThisMachine() throws {
        let proxies = try Configuration.load(environment: [:]).server.trustedProxies
        #expect(proxies == .localhost && proxies.description == "127.0.0.1,::1")
        #expect(proxies.trusts(IPAddress("127.0.0.1")) && proxies.trusts(IPAddress("::1")))
        #expect(proxies.trusts(IPAddress("::ffff:127.0.0.1")))
        #expect(!proxies.trusts(IPAddress("127.0.0.2")) && !proxies.trusts(IPAddress("192.0.2.1")))
        #expect(!proxies.trusts(nil))
        #expect(try Configuration.load(environment: [:]).summary["TRUSTED_PROXIES"] == "127.0.0.1,::1")
    }

    @Test func addressesAndRangesOfBothFamilies() throws {
        let proxies = try Self.proxies(" 10.0.0.0/8, fd00::/8 ,192.0.2.7,2001:db8::1/128, 172.16.5.9/12")
        #expect(proxies.description == "10.0.0.0/8,fd00::/8,192.0.2.7,2001:db8::1,172.16.0.0/12")
        for trusted in ["10.255.0.1", "fd12:3456::1", "192.0.2.7", "2001:db8::1", "172.31.255.255", "::ffff:10.1.2.3"] {
            #expect(proxies.trusts(IPAddress(trusted)), "\(trusted)")
        }
        for untrusted in ["11.0.0.1", "fe80::1", "192.0.2.8", "2001:db8::2", "172.32.0.1", "::1", "127.0.0.1"] {
            #expect(!proxies.trusts(IPAddress(untrusted)), "\(untrusted)")
        }
        #expect(try Self.proxies("none") == .none)
        #expect(!(try Self.proxies("none")).trusts(IPAddress("127.0.0.1")))
    }

    @Test func aBadEntryStopsStartUpWithOneLine() throws {
        for bad in ["10.0.0.0/33", "proxy.internal", "10.0.0.1:80", "fd00::/129", "10.0.0.0/-1", "10.0.0.0/8/8"] {
            let error = try #require(throws: ConfigurationError.self) {
                try Configuration.load(environment: ["TRUSTED_PROXIES": "127.0.0.1,\(bad)"])
            }
            #expect(error.setting == "TRUSTED_PROXIES")
            #expect(
                error.message
                    == "TRUSTED_PROXIES must be comma-separated addresses or CIDR ranges like 10.0.0.0/8 or fd00::/8, "
                    + "or none (got \"\(bad)\")")
        }
    }

    @Test func anUntrustedPeersForwardedHeadersAreIgnored() {
        let request = Self.request([Self.forwardedFor: "198.51.100.1", Self.forwardedProto: "https"])
        let forwarded = ForwardedRequest(request, peer: IPAddress("203.0.113.5"), trusting: .localhost)
        #expect(forwarded.client == IPAddress("203.0.113.5"))
        #expect(!forwarded.forwardedHTTPS)
        #expect(!forwarded.isHTTPS(publicURL: URL(string: "https://bot.example.com")))
    }

    @Test func behindTrustedProxiesTheFirstUntrustedAddressFromTheRightIsTheClient() throws {
        let proxies = try Self.proxies("127.0.0.1,10.0.0.0/8")
        // The left end is the client's own text; the proxies appended the rest.
        var headers: HTTPFields = [Self.forwardedFor: "6.6.6.6, 198.51.100.7", Self.forwardedProto: "https"]
        headers.append(HTTPField(name: Self.forwardedFor, value: "10.0.0.2"))
        let forwarded = ForwardedRequest(Self.request(headers), peer: IPAddress("127.0.0.1"), trusting: proxies)
        #expect(forwarded.client == IPAddress("198.51.100.7"))
        #expect(forwarded.forwardedHTTPS)

        let ports = ForwardedRequest(
            Self.request([Self.forwardedFor: "[2001:db8::7]:4711, 198.51.100.9:80"]), peer: IPAddress("::1"),
            trusting: .localhost)
        #expect(ports.client == IPAddress("198.51.100.9"))
        // Every hop trusted: the left-most is the client.
        let inside = ForwardedRequest(
            Self.request([Self.forwardedFor: "10.1.1.1, 10.0.0.2"]), peer: IPAddress("127.0.0.1"), trusting: proxies)
        #expect(inside.client == IPAddress("10.1.1.1"))
        // A hop that is no address stops the walk at the proxy that wrote it.
        let garbage = ForwardedRequest(
            Self.request([Self.forwardedFor: "198.51.100.1, unknown"]), peer: IPAddress("127.0.0.1"), trusting: proxies)
        #expect(garbage.client == IPAddress("127.0.0.1"))
        // No header: the proxy itself.
        let direct = ForwardedRequest(Self.request([:]), peer: IPAddress("127.0.0.1"), trusting: proxies)
        #expect(direct.client == IPAddress("127.0.0.1") && !direct.forwardedHTTPS)
        // The proxy that connected to us wrote the right-most scheme.
        let downgraded = ForwardedRequest(
            Self.request([Self.forwardedProto: "https, http"]), peer: IPAddress("127.0.0.1"), trusting: proxies)
        #expect(!downgraded.forwardedHTTPS)
    }

    @Test func publicURLsHostMakesARequestHTTPSWithoutAProxy() {
        let url = URL(string: "https://bot.example.com")
        let atHost = ForwardedRequest(
            Self.request([:], authority: "bot.example.com"), peer: IPAddress("203.0.113.5"), trusting: .localhost)
        #expect(atHost.isHTTPS(publicURL: url))
        #expect(!atHost.isHTTPS(publicURL: URL(string: "http://bot.example.com")))
        let elsewhere = ForwardedRequest(Self.request([:]), peer: IPAddress("203.0.113.5"), trusting: .localhost)
        #expect(!elsewhere.isHTTPS(publicURL: url))
    }

    @Test func addressesPrintAndCompareCanonically() {
        #expect(IPAddress("2001:DB8:0:0::1")?.description == "2001:db8::1")
        #expect(IPAddress("::ffff:192.0.2.1") == IPAddress("192.0.2.1"))
        #expect(IPAddress("192.0.2.1")?.description == "192.0.2.1")
        #expect(IPAddress("192.0.2") == nil && IPAddress("") == nil && IPAddress("1.2.3.4 ") == nil)
    }
}
