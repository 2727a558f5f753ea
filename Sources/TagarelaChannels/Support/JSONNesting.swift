/// How deeply a JSON body nests, measured without parsing it.
///
/// Foundation's `JSONDecoder` scans arrays and objects by recursion: on Linux, 100,000 nested `[` after a valid
/// prefix crash the process instead of throwing. Every body Tagarela decodes from a request nests only a few
/// levels (a Meta delivery fewer than ten:
/// https://developers.facebook.com/docs/whatsapp/cloud-api/webhooks/payload-examples), so a body nesting deeper
/// than its reader's limit is refused before it is decoded.
public enum JSONNesting {
    /// Whether `body` opens more than `limit` arrays or objects inside one another (brackets in strings do not count).
    public static func exceeds(_ limit: Int, in body: some Collection<UInt8>) -> Bool {
        var depth = 0
        var inString = false
        var escaped = false
        for byte in body {
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""):
                inString = true
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                depth += 1
                if depth > limit { return true }
            case UInt8(ascii: "]"), UInt8(ascii: "}"):
                depth -= 1
            default:
                break
            }
        }
        return false
    }
}
