import Foundation
import NIOCore
import NIOHTTP1
import TagarelaChannels
import TagarelaCore
import TagarelaFakes
import Testing

@Suite("The outbound-fetch policy: allowed hosts, https, public addresses, every hop", .timeLimit(.minutes(3)))
struct OutboundFetcherTests {
    static let anywhere = OutboundPolicy(use: "a test", hosts: ["example.com", "*.example.org"])

    @Test(
        "loopback, private, link-local, metadata, reserved and embedded forms are not public",
        arguments: [
            "127.0.0.1", "127.1.2.3", "10.0.0.1", "172.16.5.4", "172.31.255.255", "192.168.1.1", "169.254.169.254",
            "100.64.0.1", "0.0.0.0", "224.0.0.1", "255.255.255.255", "198.18.0.1", "::1", "::", "fe80::1",
            "fd00:ec2::254", "fc00::1", "ff02::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1", "64:ff9b::a9fe:a9fe",
            "[::1]", "2001:db8::1",
        ])
    func internalAddresses(_ text: String) throws {
        let address = try #require(IPAddress(text))
        #expect(!address.isPublic)
    }

    @Test(
        "loopback is 127.0.0.0/8 and ::1, in any form, and nothing else",
        arguments: [
            ("127.0.0.1", true), ("127.9.9.9", true), ("::1", true), ("[::1]", true), ("::ffff:127.0.0.1", true),
            ("::", false), ("0.0.0.1", false), ("::2", false), ("10.0.0.1", false), ("8.8.8.8", false),
        ])
    func loopback(_ text: String, _ loopback: Bool) throws {
        #expect(try #require(IPAddress(text)).isLoopback == loopback)
    }

    @Test(
        "ordinary internet addresses are public",
        arguments: ["8.8.8.8", "172.32.0.1", "100.128.0.1", "2a03:2880:f10c:83:face:b00c::25de", "::ffff:8.8.4.4"])
    func publicAddresses(_ text: String) throws {
        #expect(try #require(IPAddress(text)).isPublic)
    }

    @Test("CIDR ranges hold their addresses, IPv4 ranges their IPv6 forms, and bad ranges do not parse")
    func networks() throws {
        let range = try #require(IPNetwork("10.1.0.0/16"))
        #expect(range.contains(try #require(IPAddress("10.1.200.3"))))
        #expect(!range.contains(try #require(IPAddress("10.2.0.1"))))
        #expect(range.contains(try #require(IPAddress("::ffff:10.1.0.9"))))
        #expect(try #require(IPNetwork("2001:db8::/32")).contains(try #require(IPAddress("2001:db8:1::5"))))
        #expect(try #require(IPNetwork("192.0.2.7")).contains(try #require(IPAddress("192.0.2.7"))))
        for bad in ["10.0.0.0/33", "10.0.0.0/-1", "10.0.0.0/+8", "300.0.0.1", "example.com", "::1/129", ""] {
            #expect(IPNetwork(bad) == nil, "\(bad)")
        }
    }

    @Test("host patterns: exact names and subdomains of a *.domain, never look-alikes")
    func hostPatterns() {
        #expect(Self.anywhere.allows(host: "example.com"))
        #expect(Self.anywhere.allows(host: "EXAMPLE.com"))
        #expect(!Self.anywhere.allows(host: "www.example.com"))
        #expect(Self.anywhere.allows(host: "cdn.example.org"))
        #expect(!Self.anywhere.allows(host: "example.org"))
        #expect(!Self.anywhere.allows(host: "evilexample.org"))
        #expect(!Self.anywhere.allows(host: "example.org.evil.net"))
    }

    @Test("refused before any connection: plain http, a host not allowed, credentials in the URL")
    func refusedByTheURL() async throws {
        let fetcher = OutboundFetcher()
        await #expect(throws: OutboundRefusal.insecureScheme("example.com")) {
            try await fetcher.get("http://example.com/x", policy: Self.anywhere, timeout: .seconds(5), maxBytes: 10)
        }
        await #expect(throws: OutboundRefusal.hostNotAllowed(host: "evil.net", use: "a test")) {
            try await fetcher.get("https://evil.net/x", policy: Self.anywhere, timeout: .seconds(5), maxBytes: 10)
        }
        await #expect(throws: OutboundRefusal.invalidURL) {
            try await fetcher.get(
                "https://user:pw@example.com/x", policy: Self.anywhere, timeout: .seconds(5), maxBytes: 10)
        }
    }

    @Test("an allowed name whose DNS answer is internal is refused, whatever the name")
    func internalAnswersAreRefused() async throws {
        // `localhost` resolves to loopback: allowed by name, refused by its address.
        let policy = OutboundPolicy(use: "a test", hosts: ["localhost", "127.0.0.1", "169.254.169.254", "[::1]"])
        let fetcher = OutboundFetcher()
        for url in ["https://localhost/x", "https://127.0.0.1/x", "https://169.254.169.254/latest", "https://[::1]/x"] {
            await #expect(throws: OutboundRefusal.self) {
                try await fetcher.get(url, policy: policy, timeout: .seconds(5), maxBytes: 10)
            }
        }
        let host = try #require(URL(string: "https://localhost/x"))
        await #expect(throws: OutboundRefusal.forbiddenAddress(host: "localhost", address: "127.0.0.1")) {
            _ = try await fetcher.check(host, policy: policy)
        }
    }

    @Test("with OUTBOUND_ALLOW_LOOPBACK the local fake is reached over http, and nothing else opens up")
    func loopbackOnlyWhenAllowed() async throws {
        try await FakeWebHost.start().whileRunning { web in
            let loopback = OutboundFetcher(allowsLoopback: true)
            let response = try await loopback.get(
                web.baseURL + "/file", policy: Self.anywhere, timeout: testPatience, maxBytes: 1024)
            #expect(response.status == 200)
            #expect(response.body == Data(FakeWebHost.file))
            // Still refused: a private address, and plain http anywhere but loopback.
            let privateURL = try #require(URL(string: "http://10.0.0.1/x"))
            await #expect(throws: OutboundRefusal.self) {
                _ = try await loopback.check(privateURL, policy: OutboundPolicy(use: "a test", hosts: ["10.0.0.1"]))
            }
            await #expect(throws: OutboundRefusal.insecureScheme("example.com")) {
                try await loopback.get("http://example.com/", policy: Self.anywhere, timeout: .seconds(5), maxBytes: 1)
            }
            // Without the setting the same fake is out of reach, and it was not asked.
            let before = await web.requestedPaths().count
            await #expect(throws: OutboundRefusal.self) {
                try await OutboundFetcher().get(
                    web.baseURL + "/file", policy: Self.anywhere, timeout: .seconds(5), maxBytes: 1024)
            }
            #expect(await web.requestedPaths().count == before)
        }
    }

    @Test("a tool's private addresses: only the named hosts, a POST with its body, a 303 goes on as GET")
    func privateAddressesForATool() async throws {
        for text in ["10.1.2.3", "172.20.0.1", "192.168.0.9", "fd12::1", "::ffff:10.0.0.1"] {
            #expect(IPAddress(text)?.isPrivate == true, "\(text)")
        }
        for text in ["169.254.169.254", "fd00:ec2::254", "8.8.8.8", "127.0.0.1"] {
            #expect(IPAddress(text)?.isPrivate == false, "\(text)")
        }
        try await FakeBusinessAPI.start().whileRunning { api in
            let fetcher = OutboundFetcher(allowsPrivateAddresses: true)
            let policy = OutboundPolicy(use: "this tool", hosts: ["127.0.0.1"])
            await api.answer("/moved", with: .redirect(api.baseURL + "/landed"))
            let response = try await fetcher.fetch(
                api.baseURL + "/moved", method: .POST, body: Data(#"{"a":1}"#.utf8), policy: policy,
                timeout: testPatience, maxBytes: 1024, headers: { _ in [("Content-Type", "application/json")] })
            #expect(response.status == 200)
            let requests = await api.requests()
            #expect(requests.map(\.method) == ["POST", "GET"] && requests.map(\.target) == ["/moved", "/landed"])
            #expect(requests[0].body == ["a": 1] && requests[1].body == nil)
            // Unlike OUTBOUND_ALLOW_LOOPBACK, a loopback name must still be one the policy names.
            let elsewhere = api.baseURL.replacingOccurrences(of: "127.0.0.1", with: "localhost")
            await #expect(throws: OutboundRefusal.hostNotAllowed(host: "localhost", use: "this tool")) {
                try await fetcher.fetch(
                    elsewhere + "/x", method: .GET, policy: policy, timeout: testPatience, maxBytes: 64)
            }
            await #expect(throws: OutboundRefusal.forbiddenAddress(host: "169.254.169.254", address: "169.254.169.254"))
            {
                _ = try await fetcher.check(
                    try #require(URL(string: "https://169.254.169.254/")),
                    policy: OutboundPolicy(use: "this tool", hosts: ["169.254.169.254"]))
            }
            #expect(await api.requests().count == 2)
        }
    }

    @Test("every redirect hop is checked again: to a host not allowed, to an internal address, too many")
    func redirectsAreCheckedHopByHop() async throws {
        try await FakeWebHost.start().whileRunning { web in
            let fetcher = OutboundFetcher(allowsLoopback: true)
            func redirect(to target: String) -> String {
                web.baseURL + "/redirect?to=" + target.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            }
            await #expect(throws: OutboundRefusal.hostNotAllowed(host: "evil.net", use: "a test")) {
                try await fetcher.get(
                    redirect(to: "https://evil.net/steal"), policy: Self.anywhere, timeout: testPatience, maxBytes: 64)
            }
            await #expect(throws: OutboundRefusal.forbiddenAddress(host: "169.254.169.254", address: "169.254.169.254"))
            {
                try await fetcher.get(
                    redirect(to: "https://169.254.169.254/latest/meta-data"),
                    policy: OutboundPolicy(use: "a test", hosts: ["169.254.169.254"]), timeout: testPatience,
                    maxBytes: 64)
            }
            let followed = try await fetcher.get(
                redirect(to: web.baseURL + "/file"), policy: Self.anywhere, timeout: testPatience, maxBytes: 64)
            #expect(followed.body == Data(FakeWebHost.file))
            var loop = web.baseURL + "/file"
            for _ in 0..<3 { loop = redirect(to: loop) }
            await #expect(throws: OutboundRefusal.tooManyRedirects) {
                try await fetcher.get(
                    loop, policy: OutboundPolicy(use: "a test", hosts: [], maxRedirects: 2), timeout: testPatience,
                    maxBytes: 64)
            }
            await #expect(throws: OutboundRefusal.tooLarge(limit: 4)) {
                try await fetcher.get(web.baseURL + "/file", policy: Self.anywhere, timeout: testPatience, maxBytes: 4)
            }
        }
    }

    @Test("a body is read whole up to the limit, stated or not, and refused past it")
    func bodiesUpToTheLimit() async throws {
        try await FakeWebHost.start().whileRunning { web in
            let fetcher = OutboundFetcher(allowsLoopback: true)
            let whole = Data(Array(repeating: FakeWebHost.file, count: 3).joined())
            let chunked = try await fetcher.get(
                web.baseURL + "/chunked", policy: Self.anywhere, timeout: testPatience, maxBytes: whole.count)
            #expect(chunked.body == whole && chunked.headers.first(name: "Content-Length") == nil)
            await #expect(throws: OutboundRefusal.tooLarge(limit: whole.count - 1)) {
                try await fetcher.get(
                    web.baseURL + "/chunked", policy: Self.anywhere, timeout: testPatience, maxBytes: whole.count - 1)
            }
        }
    }

    @Test("a buffer's bytes become Data without a copy, and stay as they were when the buffer changes or goes")
    func dataSharesTheBuffersStorage() {
        var buffer = ByteBuffer(bytes: FakeWebHost.file)
        let data = Data(sharing: buffer)
        #expect(data == Data(FakeWebHost.file))
        buffer.setBytes([0, 0, 0], at: buffer.readerIndex)
        buffer = ByteBuffer()
        #expect(data == Data(FakeWebHost.file))
        #expect(Data(sharing: ByteBuffer()).isEmpty)
        var sliced = ByteBuffer(bytes: FakeWebHost.file)
        sliced.moveReaderIndex(forwardBy: 2)
        #expect(Data(sharing: sliced) == Data(FakeWebHost.file.dropFirst(2)))
    }
}
