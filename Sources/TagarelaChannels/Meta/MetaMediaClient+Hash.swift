import Crypto
import Foundation
import Logging

extension MetaMediaClient {
    /// Refuses bytes whose SHA-256 differs from the one Meta stated; a statement that is in no known
    /// encoding is logged and ignored.
    ///
    /// Meta's media reference shows `sha256` without naming its encoding
    /// (https://developers.facebook.com/docs/whatsapp/cloud-api/reference/media/#retrieve-media-url), and
    /// answers have been seen in base64 and in hex; an unreadable value says nothing about the bytes, so it
    /// must not cost a person their voice note.
    func check(_ bytes: Data, against stated: String, mediaID: String) throws {
        guard let expected = Self.statedDigest(stated) else {
            logger.warning(
                "meta media sha256 is neither hex nor base64; not checked",
                metadata: [
                    "media_id": "\(mediaID)",
                    // Escaped and cut: the value comes from outside and must not forge a log line.
                    "sha256": "\(String(reflecting: String(stated.prefix(100))))",
                ])
            return
        }
        guard Array(SHA256.hash(data: bytes)) == expected else { throw Failure.hashMismatch }
    }

    /// The 32 bytes of a SHA-256 written as 64 hex digits (either case) or as base64 (padded or not);
    /// nil for anything else. The two cannot be confused: base64 of 32 bytes is 43 or 44 characters.
    static func statedDigest(_ text: String) -> [UInt8]? {
        let text = text.trimmingCharacters(in: .whitespaces)
        if text.utf8.count == 64, let bytes = hexBytes(text) { return bytes }
        guard text.utf8.count == 43 || text.utf8.count == 44 else { return nil }
        let padded = text.utf8.count == 43 ? text + "=" : text
        guard let data = Data(base64Encoded: padded), data.count == 32 else { return nil }
        return Array(data)
    }

    private static func hexBytes(_ text: String) -> [UInt8]? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count / 2)
        var high: UInt8?
        for character in text.utf8 {
            let nibble: UInt8
            switch character {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): nibble = character - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): nibble = character - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): nibble = character - UInt8(ascii: "A") + 10
            default: return nil
            }
            if let first = high {
                bytes.append(first << 4 | nibble)
                high = nil
            } else {
                high = nibble
            }
        }
        return high == nil ? bytes : nil
    }
}
