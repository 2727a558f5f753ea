import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The one way Tagarela fetches from an address it did not choose itself (a media URL a webhook names, a URL a
/// lookup returned, a redirect's `Location`). Every hop is checked before it is requested: https only, a host the
/// use allows, and an address on the public internet. The host is resolved here and the connection pinned to the
/// address that was checked (AsyncHTTPClient's `dnsOverride`, which keeps the TLS name and certificate check on
/// the host name), so a DNS answer that changes between the check and the connection (DNS rebinding) cannot
/// reach an internal address. Redirects are followed here, never by the HTTP client, for the same reason.
public struct OutboundFetcher: Sendable {
    /// One answer, its body read whole (up to the limit).
    public struct Response: Sendable {
        public var status: Int
        public var headers: HTTPHeaders
        /// Held once: it shares the storage the body was read into.
        public var body: Data
        /// The URL that answered, after redirects.
        public var url: URL
    }

    /// Loopback addresses over plain http (`OUTBOUND_ALLOW_LOOPBACK`): local fakes in tests and development.
    /// Private, link-local and other addresses stay refused.
    public let allowsLoopback: Bool
    /// Loopback and private-network addresses, over http too, for hosts the policy names (a business's tool with
    /// `allow_private_addresses: true`). Unlike `allowsLoopback`, a loopback name still has to be in the policy.
    public let allowsPrivateAddresses: Bool

    public init(allowsLoopback: Bool = false, allowsPrivateAddresses: Bool = false) {
        self.allowsLoopback = allowsLoopback
        self.allowsPrivateAddresses = allowsPrivateAddresses
    }

    /// `GET url` under `policy`, following redirects. `headers` gives each hop's headers from its URL, so that
    /// credentials go only where they belong.
    public func get(
        _ url: String, policy: OutboundPolicy, timeout: Duration, maxBytes: Int,
        headers: @Sendable (URLComponents) -> [(String, String)] = { _ in [] }
    ) async throws -> Response {
        try await fetch(url, method: .GET, policy: policy, timeout: timeout, maxBytes: maxBytes, headers: headers)
    }

    /// `method url` with `body` under `policy`, following redirects, each hop checked. A 303, or a 301 or 302 to a
    /// request other than GET, goes on as a GET without the body, as browsers do; 307 and 308 repeat the request
    /// (RFC 9110, section 15.4).
    public func fetch(
        _ url: String, method: HTTPMethod, body: Data? = nil, policy: OutboundPolicy, timeout: Duration,
        maxBytes: Int, headers: @Sendable (URLComponents) -> [(String, String)] = { _ in [] }
    ) async throws -> Response {
        guard var next = URL(string: url) else { throw OutboundRefusal.invalidURL }
        var method = method
        var body = body
        for _ in 0...policy.maxRedirects {
            let target = try await check(next, policy: policy)
            var request = HTTPClientRequest(url: next.absoluteString)
            request.method = method
            if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
            for (name, value) in headers(target.components) { request.headers.add(name: name, value: value) }
            let response = try await execute(request, pinnedTo: target, timeout: timeout, maxBytes: maxBytes, url: next)
            if (300..<400).contains(response.status), let location = response.headers.first(name: "Location") {
                guard let redirected = URL(string: location, relativeTo: next)?.absoluteURL else {
                    throw OutboundRefusal.invalidURL
                }
                if response.status == 303 || ([301, 302].contains(response.status) && method != .GET) {
                    method = .GET
                    body = nil
                }
                next = redirected
                continue
            }
            return response
        }
        throw OutboundRefusal.tooManyRedirects
    }

    /// What a hop connects to once checked.
    public struct Target: Sendable {
        public var components: URLComponents
        public var host: String
        public var address: IPAddress
    }

    /// Checks one hop without requesting it: scheme, host name, and every address the name resolves to.
    public func check(_ url: URL, policy: OutboundPolicy) async throws -> Target {
        guard let components = URLComponents(url: url, resolvingAgainstBaseURL: true),
            let host = components.host?.lowercased(), !host.isEmpty, components.user == nil
        else { throw OutboundRefusal.invalidURL }
        let local = allowsLoopback && Self.isLoopbackName(host)
        guard policy.allows(host: host) || local else {
            throw OutboundRefusal.hostNotAllowed(host: host, use: policy.use)
        }
        let plain = components.scheme?.lowercased() == "http"
        switch components.scheme?.lowercased() {
        case "https": break
        case "http" where local || allowsPrivateAddresses: break
        default: throw OutboundRefusal.insecureScheme(host)
        }
        let addresses = try await Self.resolve(host)
        guard let first = addresses.first else { throw OutboundRefusal.unresolvable(host) }
        // Every answer is checked: the connection may go to any of them.
        for address in addresses {
            let inside = address.isLoopback || address.isPrivate
            if plain && !inside { throw OutboundRefusal.insecureScheme(host) }
            if address.isPublic || (allowsLoopback && address.isLoopback) || (allowsPrivateAddresses && inside) {
                continue
            }
            throw OutboundRefusal.forbiddenAddress(host: host, address: "\(address)")
        }
        return Target(components: components, host: host, address: first)
    }

    /// Runs one request on a client of its own whose only name is pinned to the checked address.
    private func execute(
        _ request: HTTPClientRequest, pinnedTo target: Target, timeout: Duration, maxBytes: Int, url: URL
    ) async throws -> Response {
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .disallow
        configuration.dnsOverride = [target.host: "\(target.address)"]
        configuration.timeout = HTTPClient.Configuration.Timeout(connect: .init(timeout), read: .init(timeout))
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        do {
            let response = try await client.execute(request, timeout: .init(timeout))
            let body = try await Self.collect(response, upTo: maxBytes)
            try await client.shutdown()
            return Response(status: Int(response.status.code), headers: response.headers, body: body, url: url)
        } catch {
            try? await client.shutdown()
            throw error
        }
    }

    /// The whole body, refused past `maxBytes` (at once when its stated length says so). Read into one buffer of
    /// the stated length, so a photo is never copied as the buffer grows, and handed out without a copy.
    static func collect(_ response: HTTPClientResponse, upTo maxBytes: Int) async throws -> Data {
        let stated = response.headers.first(name: "Content-Length").flatMap { Int($0) }
        if let stated, stated > maxBytes { throw OutboundRefusal.tooLarge(limit: maxBytes) }
        var body = ByteBuffer()
        body.reserveCapacity(max(stated ?? 0, 0))
        for try await fragment in response.body {
            guard fragment.readableBytes <= maxBytes - body.readableBytes else {
                throw OutboundRefusal.tooLarge(limit: maxBytes)
            }
            body.writeImmutableBuffer(fragment)
        }
        return Data(sharing: body)
    }

    static func isLoopbackName(_ host: String) -> Bool {
        host == "localhost" || IPAddress(host)?.isLoopback == true
    }

    /// Every address `host` resolves to, by the system resolver (`getaddrinfo(3)`), off the caller's thread.
    static func resolve(_ host: String) async throws -> [IPAddress] {
        let name = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        return try await NIOThreadPool.singleton.runIfActive {
            var hints = addrinfo()
            hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
            var list: UnsafeMutablePointer<addrinfo>?
            guard getaddrinfo(name, nil, &hints, &list) == 0, let list else { return [] }
            defer { freeaddrinfo(list) }
            var addresses: [IPAddress] = []
            var entry: UnsafeMutablePointer<addrinfo>? = list
            while let current = entry {
                if let address = current.pointee.ai_addr {
                    switch Int32(current.pointee.ai_family) {
                    case AF_INET:
                        var v4 = address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { $0.pointee.sin_addr }
                        addresses.append(IPAddress(bytes: withUnsafeBytes(of: &v4) { Array($0) }))
                    case AF_INET6:
                        var v6 = address.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) {
                            $0.pointee.sin6_addr
                        }
                        addresses.append(IPAddress(bytes: withUnsafeBytes(of: &v6) { Array($0) }))
                    default: break
                    }
                }
                entry = current.pointee.ai_next
            }
            var seen = Set<IPAddress>()
            return addresses.filter { seen.insert($0).inserted }
        }
    }
}
