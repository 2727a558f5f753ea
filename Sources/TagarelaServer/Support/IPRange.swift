/// An address or a CIDR range of them (`10.0.0.0/8`, `fd00::/8`, `192.0.2.7`), as `TRUSTED_PROXIES` lists them.
struct IPRange: Hashable, Sendable, CustomStringConvertible {
    /// The first address of the range (host bits cleared).
    let network: IPAddress
    /// How many leading bits every address in the range shares with `network`.
    let prefixLength: Int

    /// Parses `ADDRESS` or `ADDRESS/BITS`; nil for anything else, or a prefix longer than the address.
    init?(_ text: some StringProtocol) {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let address = IPAddress(parts[0]) else { return nil }
        let bits = address.bytes.count * 8
        var length = bits
        if parts.count == 2 {
            guard parts[1].allSatisfy(\.isASCII), let given = Int(parts[1]), (0...bits).contains(given) else {
                return nil
            }
            length = given
        }
        network = IPAddress(masking: address, to: length)
        prefixLength = length
    }

    func contains(_ address: IPAddress) -> Bool {
        address.bytes.count == network.bytes.count && IPAddress(masking: address, to: prefixLength) == network
    }

    var description: String {
        prefixLength == network.bytes.count * 8 ? network.description : "\(network)/\(prefixLength)"
    }
}

extension IPAddress {
    /// `address` with every bit past the first `prefixLength` cleared.
    init(masking address: IPAddress, to prefixLength: Int) {
        var bytes = address.bytes
        for index in bytes.indices {
            let kept = min(max(prefixLength - index * 8, 0), 8)
            bytes[index] &= kept == 0 ? 0 : ~UInt8(0) << (8 - kept)
        }
        self.bytes = bytes
    }
}
