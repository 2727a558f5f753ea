import Crypto
import Foundation

/// Hashes that are the same on every run and machine (unlike Swift's seeded `hashValue`).
public enum StableHash {
    /// FNV-1a, 64 bits: for names that must agree between processes (instance lock files, advisory lock keys).
    public static func fnv1a64(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        return hash
    }

    /// SHA-256 in lowercase hex: what a file or passage held, to tell a changed one from the same one added again.
    public static func sha256Hex(_ bytes: some DataProtocol) -> String {
        SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }

    public static func sha256Hex(_ text: String) -> String {
        sha256Hex(Data(text.utf8))
    }
}
