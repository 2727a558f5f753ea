import Foundation

/// What a file is, by its first bytes rather than by what its sender claimed.
///
/// The signatures are the formats' own: JPEG's SOI marker and PNG's eight-byte signature
/// (https://www.w3.org/TR/png-3/#5PNG-file-signature), WebP's RIFF header
/// (https://developers.google.com/speed/webp/docs/riff_container), GIF87a/GIF89a, PDF's `%PDF-`, the ISO base
/// media `ftyp` box of MP4 and 3GP, and Ogg's `OggS` capture pattern (RFC 3533).
public enum MediaSniffer {
    /// The content type the bytes carry, e.g. `image/jpeg`; nil for anything else.
    public static func contentType(of bytes: Data) -> String? {
        let head = [UInt8](bytes.prefix(16))
        func starts(_ signature: [UInt8], at offset: Int = 0) -> Bool {
            head.count >= offset + signature.count && Array(head[offset..<offset + signature.count]) == signature
        }
        if starts([0xFF, 0xD8, 0xFF]) { return "image/jpeg" }
        if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return "image/png" }
        if starts(Array("RIFF".utf8)), starts(Array("WEBP".utf8), at: 8) { return "image/webp" }
        if starts(Array("GIF87a".utf8)) || starts(Array("GIF89a".utf8)) { return "image/gif" }
        if starts(Array("%PDF-".utf8)) { return "application/pdf" }
        if starts(Array("OggS".utf8)) { return "audio/ogg" }
        if starts(Array("ftyp".utf8), at: 4) {
            return isoMediaType(brand: String(decoding: head.dropFirst(8).prefix(4), as: UTF8.self))
        }
        return nil
    }

    /// An ISO base media file by its major brand: 3GPP (`3gp4`, `3g2a`...), HEIF images (`heic`, `mif1`...),
    /// M4A audio, QuickTime, and MP4 for the rest (`isom`, `mp42`, `avc1`...).
    static func isoMediaType(brand: String) -> String {
        if brand.hasPrefix("3g") { return "video/3gpp" }
        if ["heic", "heix", "heim", "heis"].contains(brand) { return "image/heic" }
        if ["mif1", "msf1", "heif"].contains(brand) { return "image/heif" }
        if brand == "M4A " { return "audio/mp4" }
        if brand == "qt  " { return "video/quicktime" }
        return "video/mp4"
    }

    /// The types a WhatsApp photo may be.
    public static let photoTypes: Set<String> = ["image/jpeg", "image/png", "image/webp"]

    /// The type of a photo WhatsApp carries (JPEG, PNG or WebP) by its bytes; nil for anything else, whatever its
    /// name or stated type.
    public static func photoType(of bytes: Data) -> String? {
        contentType(of: bytes).flatMap { photoTypes.contains($0) ? $0 : nil }
    }

    /// Whether the bytes are an image of a type named here (JPEG, PNG, WebP, GIF, HEIC/HEIF).
    public static func isImage(_ bytes: Data) -> Bool {
        contentType(of: bytes)?.hasPrefix("image/") == true
    }

    /// Whether a GIF holds an animation: it loops (the NETSCAPE2.0 application extension) or has a second frame.
    /// OpenAI reads non-animated GIFs only (https://platform.openai.com/docs/guides/images-vision).
    public static func isAnimatedGIF(_ bytes: Data) -> Bool {
        guard contentType(of: bytes) == "image/gif" else { return false }
        if bytes.range(of: Data("NETSCAPE2.0".utf8)) != nil { return true }
        // Each frame starts with a graphic control extension (21 F9 04) in animated files.
        var count = 0
        var searchStart = bytes.startIndex
        let marker = Data([0x21, 0xF9, 0x04])
        while let range = bytes.range(of: marker, in: searchStart..<bytes.endIndex) {
            count += 1
            if count > 1 { return true }
            searchStart = range.upperBound
        }
        return false
    }
}
