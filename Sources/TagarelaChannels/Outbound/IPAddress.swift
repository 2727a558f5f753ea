import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An IPv4 or IPv6 address as its bytes, parsed with `inet_pton(3)`, and what kind of network it belongs to. An
/// IPv4-mapped IPv6 address (`::ffff:192.0.2.1`, what a socket bound to `::` reports for an IPv4 peer) is kept as
/// the IPv4 address, so one client has one address however it came.
public struct IPAddress: Sendable, Hashable, CustomStringConvertible {
    /// 4 bytes for IPv4, 16 for IPv6, in network order.
    public let bytes: [UInt8]

    /// Parses a textual address (`203.0.113.7`, `2001:db8::1`, optionally in brackets); nil for anything else.
    public init?(_ text: some StringProtocol) {
        var text = Substring(text)
        if text.hasPrefix("["), text.hasSuffix("]") { text = text.dropFirst().dropLast() }
        var v4 = in_addr()
        var v6 = in6_addr()
        if inet_pton(AF_INET, String(text), &v4) == 1 {
            bytes = withUnsafeBytes(of: &v4) { Array($0) }
        } else if inet_pton(AF_INET6, String(text), &v6) == 1 {
            let all = withUnsafeBytes(of: &v6) { Array($0) }
            let mapped = all[0..<10].allSatisfy { $0 == 0 } && all[10] == 0xff && all[11] == 0xff
            bytes = mapped ? Array(all[12...]) : all
        } else {
            return nil
        }
    }

    /// `address` with every bit past the first `prefixLength` cleared.
    public init(masking address: IPAddress, to prefixLength: Int) {
        var bytes = address.bytes
        for index in bytes.indices {
            let kept = min(max(prefixLength - index * 8, 0), 8)
            bytes[index] &= kept == 0 ? 0 : ~UInt8(0) << (8 - kept)
        }
        self.bytes = bytes
    }

    init(bytes: [UInt8]) { self.bytes = bytes }

    public var isIPv4: Bool { bytes.count == 4 }

    public var description: String {
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        return bytes.withUnsafeBytes { raw in
            guard inet_ntop(isIPv4 ? AF_INET : AF_INET6, raw.baseAddress, &buffer, socklen_t(buffer.count)) != nil
            else { return "?" }
            return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
    }

    /// The IPv4 address an IPv6 one carries (IPv4-mapped `::ffff:a.b.c.d`, NAT64 `64:ff9b::a.b.c.d`, the
    /// deprecated IPv4-compatible `::a.b.c.d`), which is where a connection to it really goes.
    var embeddedIPv4: IPAddress? {
        guard bytes.count == 16 else { return nil }
        let prefix = Array(bytes[0..<12])
        let mapped = [UInt8](repeating: 0, count: 10) + [0xff, 0xff]
        let nat64: [UInt8] = [0x00, 0x64, 0xff, 0x9b] + [UInt8](repeating: 0, count: 8)
        let compatible = [UInt8](repeating: 0, count: 12)
        guard prefix == mapped || prefix == nat64 || (prefix == compatible && bytes[12...].contains { $0 != 0 })
        else { return nil }
        return IPAddress(bytes: Array(bytes[12...]))
    }

    /// Whether the address is an ordinary one on the public internet: not loopback, private, carrier-grade NAT,
    /// link-local (which holds the cloud metadata services, `169.254.169.254`, `fd00:ec2::254` being unique
    /// local), multicast, documentation, benchmarking or reserved (IANA's special-purpose address registries).
    public var isPublic: Bool {
        if let embedded = embeddedIPv4 { return embedded.isPublic }
        let ranges = isIPv4 ? Self.specialIPv4 : Self.specialIPv6
        return !ranges.contains { $0.contains(self) }
    }

    /// Whether it is in a private network (RFC 1918's `10/8`, `172.16/12`, `192.168/16`, or unique local
    /// `fc00::/7`), not counting the cloud metadata service's `fd00:ec2::254`.
    public var isPrivate: Bool {
        if let embedded = embeddedIPv4 { return embedded.isPrivate }
        if self == IPAddress("fd00:ec2::254") { return false }
        return Self.privateNetworks.contains { $0.contains(self) }
    }

    private static let privateNetworks: [IPNetwork] = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7"]
        .compactMap(IPNetwork.init)

    /// Whether it is a loopback address (`127.0.0.0/8`, `::1`, or either embedded).
    public var isLoopback: Bool {
        // `::1` first: read as IPv4-compatible it would be `0.0.0.1`, which is not loopback.
        if bytes == [UInt8](repeating: 0, count: 15) + [1] { return true }
        if let embedded = embeddedIPv4 { return embedded.isLoopback }
        return isIPv4 && bytes[0] == 127
    }

    private static let specialIPv4: [IPNetwork] = [
        "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
        "192.0.0.0/24", "192.0.2.0/24", "192.88.99.0/24", "192.168.0.0/16", "198.18.0.0/15", "198.51.100.0/24",
        "203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4",
    ].compactMap(IPNetwork.init)

    private static let specialIPv6: [IPNetwork] = [
        "::/128", "::1/128", "100::/64", "2001::/23", "2001:db8::/32", "2002::/16", "fc00::/7", "fe80::/10",
        "fec0::/10", "ff00::/8",
    ].compactMap(IPNetwork.init)
}

/// An address range in CIDR notation (`10.0.0.0/8`, `2001:db8::/32`); a single address is its own range.
public struct IPNetwork: Sendable, Hashable, CustomStringConvertible {
    /// The first address of the range (host bits cleared).
    public let address: IPAddress
    public let prefixLength: Int

    /// Parses `address/length` or a bare address; nil for anything else or a length out of range.
    public init?(_ text: some StringProtocol) {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: "/", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let address = IPAddress(parts[0]) else { return nil }
        let maximum = address.bytes.count * 8
        if parts.count == 2 {
            guard parts[1].allSatisfy({ $0.isASCII && $0.isNumber }), let length = Int(parts[1]),
                (0...maximum).contains(length)
            else { return nil }
            prefixLength = length
        } else {
            prefixLength = maximum
        }
        self.address = IPAddress(masking: address, to: prefixLength)
    }

    public func contains(_ candidate: IPAddress) -> Bool {
        guard candidate.bytes.count == address.bytes.count else {
            // An IPv4 range holds the IPv6 forms of its addresses too.
            return candidate.embeddedIPv4.map(contains) ?? false
        }
        return IPAddress(masking: candidate, to: prefixLength) == address
    }

    public var description: String {
        prefixLength == address.bytes.count * 8 ? address.description : "\(address)/\(prefixLength)"
    }
}
