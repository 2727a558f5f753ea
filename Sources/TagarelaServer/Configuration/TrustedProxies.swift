import Foundation
import TagarelaChannels

/// `TRUSTED_PROXIES`: the peers whose `X-Forwarded-For` and `X-Forwarded-Proto` are believed. It is the one
/// setting that decides it, for every use (the client's address, the `Secure` cookie flag, HSTS): a header from
/// any other peer is the client's own text, and ignored.
public struct TrustedProxies: Sendable, Equatable, CustomStringConvertible {
    /// The usual reverse proxy (nginx, Caddy) on the same machine.
    public static let localhost = TrustedProxies(ranges: [IPNetwork("127.0.0.1")!, IPNetwork("::1")!])
    /// No proxy: `TRUSTED_PROXIES=none`, for a server that faces the internet directly.
    public static let none = TrustedProxies(ranges: [])

    let ranges: [IPNetwork]

    private init(ranges: [IPNetwork]) {
        self.ranges = ranges
    }

    /// Parses a comma-separated list of addresses and CIDR ranges, IPv4 or IPv6, or `none`.
    init(parsing value: String, setting: String) throws(ConfigurationError) {
        if value.trimmingCharacters(in: .whitespaces).lowercased() == "none" {
            self = .none
            return
        }
        var ranges: [IPNetwork] = []
        for entry in value.split(separator: ",") {
            let text = entry.trimmingCharacters(in: .whitespaces)
            guard let range = IPNetwork(text) else {
                throw ConfigurationError.invalid(
                    setting, mustBe: "comma-separated addresses or CIDR ranges like 10.0.0.0/8 or fd00::/8, or none",
                    got: text)
            }
            ranges.append(range)
        }
        self.init(ranges: ranges)
    }

    func trusts(_ address: IPAddress?) -> Bool {
        guard let address else { return false }
        return ranges.contains { $0.contains(address) }
    }

    public var description: String {
        ranges.isEmpty ? "none" : ranges.map(\.description).joined(separator: ",")
    }
}
