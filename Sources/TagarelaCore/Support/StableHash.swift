/// FNV-1a, 64 bits: the same number for the same text on every run and machine (unlike Swift's seeded
/// `hashValue`), for names that must agree between processes: instance lock files and advisory lock keys.
public enum StableHash {
    public static func fnv1a64(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        return hash
    }
}
