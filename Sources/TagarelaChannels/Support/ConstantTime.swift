/// Comparisons whose running time does not depend on where two secrets first differ.
///
/// Used for webhook signatures (Twilio's `X-Twilio-Signature`, Meta's `X-Hub-Signature-256`) and body hashes:
/// an early-exit `==` would let an attacker learn a valid signature one byte at a time from response timings.
public enum ConstantTime {
    /// Whether two byte sequences are equal, looking at every byte even after the first mismatch.
    ///
    /// The length is not secret (every signature of one algorithm has the same length), so sequences of
    /// different lengths return `false` at once, as Twilio's and Python's own comparisons do.
    public static func equals(_ lhs: some Sequence<UInt8>, _ rhs: some Sequence<UInt8>) -> Bool {
        let left = Array(lhs)
        let right = Array(rhs)
        guard left.count == right.count else { return false }
        var difference: UInt8 = 0
        for index in left.indices {
            difference |= left[index] ^ right[index]
        }
        return difference == 0
    }

    /// Whether two strings have the same UTF-8 bytes, in constant time.
    ///
    /// Byte equality on purpose: `String ==` treats canonically equivalent strings as equal, which is
    /// wrong for secrets and is not constant time.
    public static func equals(_ lhs: String, _ rhs: String) -> Bool {
        equals(lhs.utf8, rhs.utf8)
    }
}
