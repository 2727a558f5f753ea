import Foundation

/// Which hosts one use of the network may reach (media of one channel, later the business's tools): exact host
/// names and `*.domain` patterns (the domain's subdomains, not the domain itself).
public struct OutboundPolicy: Sendable, Equatable {
    /// Names the use in errors and logs ("Twilio media").
    public var use: String
    public var hosts: [String]
    /// Redirects followed, each hop checked again.
    public var maxRedirects: Int

    public init(use: String, hosts: [String], maxRedirects: Int = 4) {
        self.use = use
        self.hosts = hosts.map { $0.lowercased() }
        self.maxRedirects = maxRedirects
    }

    /// Whether `host` is one this use may reach by name (its addresses are checked separately).
    public func allows(host: String) -> Bool {
        let host = host.lowercased()
        return hosts.contains { pattern in
            if pattern.hasPrefix("*.") { return host.hasSuffix(pattern.dropFirst()) && host.count > pattern.count - 1 }
            return host == pattern
        }
    }
}

/// Why an outbound request was not made, or not finished.
public enum OutboundRefusal: Error, Equatable, CustomStringConvertible {
    /// Not `https://` (plain http reaches only loopback, and only where the operator allowed it).
    case insecureScheme(String)
    /// The host is not one this use may reach.
    case hostNotAllowed(host: String, use: String)
    /// The host resolves to an address no outbound request may reach (loopback, private, link-local…).
    case forbiddenAddress(host: String, address: String)
    /// The host does not resolve.
    case unresolvable(String)
    /// The URL cannot be read.
    case invalidURL
    /// More redirects than the use allows.
    case tooManyRedirects
    /// The body is larger than the limit.
    case tooLarge(limit: Int)

    public var description: String {
        switch self {
        case .insecureScheme(let host): "refused a plain-http request to \(host): https only"
        case .hostNotAllowed(let host, let use): "refused a request to \(host): not a host \(use) may reach"
        case .forbiddenAddress(let host, let address):
            "refused a request to \(host): it resolves to \(address), a loopback, private or reserved address"
        case .unresolvable(let host): "\(host) does not resolve"
        case .invalidURL: "refused a request to an unreadable URL"
        case .tooManyRedirects: "too many redirects"
        case .tooLarge(let limit): "the answer is larger than \(limit) bytes"
        }
    }
}
