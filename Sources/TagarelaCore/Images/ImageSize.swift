import Foundation

/// An image's width and height in pixels, read from its header without decoding it.
///
/// Layouts: PNG's IHDR chunk (https://www.w3.org/TR/png-3/#11IHDR), JPEG's SOFn frame header (ITU-T T.81,
/// B.2.2), GIF's logical screen descriptor, and WebP's VP8, VP8L and VP8X chunks
/// (https://developers.google.com/speed/webp/docs/riff_container).
public struct ImageSize: Sendable, Equatable, CustomStringConvertible {
    public var width: Int
    public var height: Int

    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }

    public var longestSide: Int { max(width, height) }

    public var description: String { "\(width)x\(height)" }

    /// The size a JPEG, PNG, GIF or WebP header declares; nil for other bytes or a header cut short.
    public static func of(_ data: Data) -> ImageSize? {
        let bytes = [UInt8](data.prefix(512 * 1024))
        switch MediaSniffer.contentType(of: data) {
        case "image/png": return png(bytes)
        case "image/jpeg": return jpeg(bytes)
        case "image/gif": return gif(bytes)
        case "image/webp": return webP(bytes)
        default: return nil
        }
    }

    static func png(_ bytes: [UInt8]) -> ImageSize? {
        // Signature (8), chunk length (4), "IHDR" (4), then width and height, 4 bytes each, big-endian.
        guard bytes.count >= 24, bytes[12..<16] == [0x49, 0x48, 0x44, 0x52] else { return nil }
        return valid(width: bigEndian(bytes, 16, 4), height: bigEndian(bytes, 20, 4))
    }

    static func gif(_ bytes: [UInt8]) -> ImageSize? {
        guard bytes.count >= 10 else { return nil }
        return valid(width: littleEndian(bytes, 6, 2), height: littleEndian(bytes, 8, 2))
    }

    static func jpeg(_ bytes: [UInt8]) -> ImageSize? {
        var index = 2
        while index + 3 < bytes.count {
            guard bytes[index] == 0xFF else { return nil }
            let marker = bytes[index + 1]
            if marker == 0xFF {  // fill byte before a marker
                index += 1
                continue
            }
            if marker == 0x01 || (0xD0...0xD9).contains(marker) {  // markers without a length
                index += 2
                continue
            }
            let length = bigEndian(bytes, index + 2, 2)
            // SOF0-SOF15 carry the frame size; C4 (DHT), C8 (JPG) and CC (DAC) share the range but do not.
            if (0xC0...0xCF).contains(marker), ![0xC4, 0xC8, 0xCC].contains(marker) {
                guard index + 9 <= bytes.count else { return nil }
                return valid(width: bigEndian(bytes, index + 7, 2), height: bigEndian(bytes, index + 5, 2))
            }
            guard length >= 2 else { return nil }
            index += 2 + length
        }
        return nil
    }

    static func webP(_ bytes: [UInt8]) -> ImageSize? {
        guard bytes.count >= 30 else { return nil }
        switch String(decoding: bytes[12..<16], as: UTF8.self) {
        case "VP8 ":
            // A lossy key frame: 3-byte frame tag, 9D 01 2A, then 14-bit width and height.
            guard bytes[23..<26] == [0x9D, 0x01, 0x2A] else { return nil }
            return valid(width: littleEndian(bytes, 26, 2) & 0x3FFF, height: littleEndian(bytes, 28, 2) & 0x3FFF)
        case "VP8L":
            // Signature 0x2F, then 14 bits of width - 1 and 14 bits of height - 1.
            guard bytes[20] == 0x2F else { return nil }
            let bits = littleEndian(bytes, 21, 4)
            return valid(width: (bits & 0x3FFF) + 1, height: ((bits >> 14) & 0x3FFF) + 1)
        case "VP8X":
            // Flags (4), then canvas width - 1 and height - 1, 24 bits each.
            return valid(width: littleEndian(bytes, 24, 3) + 1, height: littleEndian(bytes, 27, 3) + 1)
        default:
            return nil
        }
    }

    static func valid(width: Int, height: Int) -> ImageSize? {
        width > 0 && height > 0 ? ImageSize(width: width, height: height) : nil
    }

    static func bigEndian(_ bytes: [UInt8], _ offset: Int, _ count: Int) -> Int {
        guard offset + count <= bytes.count else { return 0 }
        return bytes[offset..<offset + count].reduce(0) { $0 << 8 | Int($1) }
    }

    static func littleEndian(_ bytes: [UInt8], _ offset: Int, _ count: Int) -> Int {
        guard offset + count <= bytes.count else { return 0 }
        return bytes[offset..<offset + count].reversed().reduce(0) { $0 << 8 | Int($1) }
    }
}
