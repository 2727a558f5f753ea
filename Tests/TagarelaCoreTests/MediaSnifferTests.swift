import Foundation
import Testing

@testable import TagarelaCore

/// The first bytes of real files written by ffmpeg 5.1 (`-f lavfi -i color=c=red:s=30x20 -frames:v 1`), and of
/// the repository's voice note: the headers as they come in the wild.
enum RealHeaders {
    static func bytes(_ base64: String) -> Data { Data(base64Encoded: base64)! }

    /// A whole 30×20 baseline JPEG (JFIF, SOF0).
    static let jpeg = bytes(
        "/9j/4AAQSkZJRgABAgAAAQABAAD//gAQTGF2YzU5LjM3LjEwMAD/2wBDAAgEBAQEBAUFBQUFBQYGBgYGBgYGBgYGBgYHBwcICAgHBwcGBgcHCAgICAk"
            + "JCQgICAgJCQoKCgwMCwsODg4RERT/xABNAAEBAAAAAAAAAAAAAAAAAAAABgEBAQEAAAAAAAAAAAAAAAAAAAYHEAEAAAAAAAAAAAAAAAAAAAAAEQ"
            + "EAAAAAAAAAAAAAAAAAAAAA/8AAEQgAFAAeAwEiAAIRAAMRAP/aAAwDAQACEQMRAD8AiwEo38AAAAAB/9k=")
    /// The first 300 bytes of a 3000×1500 JPEG: sizes above 255 take both bytes.
    static let bigJPEG = bytes(
        "/9j/4AAQSkZJRgABAgAAAQABAAD//gAQTGF2YzU5LjM3LjEwMAD/2wBDAAgGBgcGBwgICAgICAkJCQoKCgkJCQkKCgoKCgoMDAwKCgoKCgoKDAwMDA0"
            + "ODQ0NDA0ODg8PDxISEREVFRUZGR//xABNAAEBAAAAAAAAAAAAAAAAAAAABwEBAQEAAAAAAAAAAAAAAAAAAAUHEAEAAAAAAAAAAAAAAAAAAAAAEQ"
            + "EAAAAAAAAAAAAAAAAAAAAA/8AAEQgF3Au4AwEiAAIRAAMRAP/aAAwDAQACEQMRAD8AjgDf0sAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
            + "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")
    static let png = bytes(
        "iVBORw0KGgoAAAANSUhEUgAAAB4AAAAUCAIAAAAVyRqTAAAACXBIWXMAAAABAAAAAQBPJcTWAAAAIUlEQVR4nGP4y8BAI0Qrc0eNHjV61OhRo0eN"
            + "HjWapkYDAKVGURcYpdkuAAAAAElFTkSuQmCC")
    /// Lossy WebP (a `VP8 ` chunk).
    static let webPLossy = bytes(
        "UklGRkwAAABXRUJQVlA4IEAAAABQAwCdASoeABQAPpFCnEolo6KhqAgAsBIJZQDGqoAAQFEcAAD+7tPf/uOwN14t//ucD/ucD/ucD+NspCdnCgAA"
    )
    /// Lossless WebP (`VP8L`, `-lossless 1`).
    static let webPLossless = bytes("UklGRhwAAABXRUJQVlA4TA8AAAAvHcAEAAcQ9Y/+ByKi/wEA")
    /// The first 48 bytes of a 640×480 WebP with alpha (`VP8X`).
    static let webPExtended = bytes("UklGRuACAABXRUJQVlA4WAoAAAAQAAAAfwIA3wEAQUxQSB0AAAABB9C/iAgISJL+")
    static let gif = bytes("R0lGODlhHgAUAPcfMQAAACQAAEgAAGwAAJAAALQA")
    static let pdf = bytes("JVBERi0xLjcKJeLjz9MK")
    static let mp4 = bytes("AAAAIGZ0eXBpc29tAAACAGlzb21pc28y")
    static let threeGP = bytes("AAAAHGZ0eXAzZ3A0AAACADNncDRpc29t")
    static let ogg = bytes("T2dnUwACAAAAAAAAAAD6bN07AAAAANjCSfABE09wdXM=")
}

@Suite("MediaSniffer and ImageSize read real headers", .timeLimit(.minutes(1)))
struct MediaSnifferTests {
    @Test(
        "each format is known by its first bytes",
        arguments: [
            (RealHeaders.jpeg, "image/jpeg"), (RealHeaders.bigJPEG, "image/jpeg"), (RealHeaders.png, "image/png"),
            (RealHeaders.webPLossy, "image/webp"), (RealHeaders.webPLossless, "image/webp"),
            (RealHeaders.webPExtended, "image/webp"), (RealHeaders.gif, "image/gif"),
            (RealHeaders.pdf, "application/pdf"),
            (RealHeaders.mp4, "video/mp4"), (RealHeaders.threeGP, "video/3gpp"), (RealHeaders.ogg, "audio/ogg"),
        ])
    func sniffs(_ bytes: Data, _ type: String) {
        #expect(MediaSniffer.contentType(of: bytes) == type)
    }

    @Test("what is no known format, or too short to tell, is nil")
    func unknown() {
        for bytes in [
            Data(), Data([0xFF, 0xD8]), Data("RIFF\0\0\0\0WAVE".utf8), Data("<html>".utf8), Data("GIF8".utf8),
        ] {
            #expect(MediaSniffer.contentType(of: bytes) == nil)
        }
        #expect(MediaSniffer.contentType(of: Data("RIFF".utf8)) == nil)
        #expect(!MediaSniffer.isImage(RealHeaders.pdf) && MediaSniffer.isImage(RealHeaders.webPLossless))
    }

    @Test("ISO media brands tell 3GPP, HEIF and M4A apart from MP4")
    func isoBrands() {
        func box(_ brand: String) -> Data { Data([0, 0, 0, 24]) + Data("ftyp\(brand)".utf8) + Data(count: 12) }
        #expect(MediaSniffer.contentType(of: box("heic")) == "image/heic")
        #expect(MediaSniffer.contentType(of: box("mif1")) == "image/heif")
        #expect(MediaSniffer.contentType(of: box("M4A ")) == "audio/mp4")
        #expect(MediaSniffer.contentType(of: box("3g2a")) == "video/3gpp")
        #expect(MediaSniffer.contentType(of: box("mp42")) == "video/mp4")
    }

    @Test("a looping GIF is animated; a single frame is not")
    func animatedGIF() {
        let looping = RealHeaders.gif + Data([0x21, 0xFF, 0x0B]) + Data("NETSCAPE2.0".utf8) + Data([3, 1, 0, 0, 0])
        let twoFrames = RealHeaders.gif + Data([0x21, 0xF9, 0x04, 0, 0, 0, 0, 0, 0x21, 0xF9, 0x04, 0, 0, 0, 0, 0])
        #expect(MediaSniffer.isAnimatedGIF(looping) && MediaSniffer.isAnimatedGIF(twoFrames))
        #expect(!MediaSniffer.isAnimatedGIF(RealHeaders.gif) && !MediaSniffer.isAnimatedGIF(RealHeaders.png))
    }

    @Test(
        "sizes come from the headers",
        arguments: [
            (RealHeaders.jpeg, ImageSize(width: 30, height: 20)),
            (RealHeaders.bigJPEG, ImageSize(width: 3000, height: 1500)),
            (RealHeaders.png, ImageSize(width: 30, height: 20)),
            (RealHeaders.webPLossy, ImageSize(width: 30, height: 20)),
            (RealHeaders.webPLossless, ImageSize(width: 30, height: 20)),
            (RealHeaders.webPExtended, ImageSize(width: 640, height: 480)),
            (RealHeaders.gif, ImageSize(width: 30, height: 20)),
        ])
    func sizes(_ bytes: Data, _ size: ImageSize) {
        #expect(ImageSize.of(bytes) == size)
        #expect(ImageSize.of(bytes)?.longestSide == max(size.width, size.height))
    }

    @Test("a header cut short, or bytes of another kind, have no size")
    func noSize() {
        #expect(ImageSize.of(RealHeaders.jpeg.prefix(40)) == nil)
        #expect(ImageSize.of(RealHeaders.png.prefix(20)) == nil)
        #expect(ImageSize.of(RealHeaders.webPLossy.prefix(20)) == nil)
        #expect(ImageSize.of(RealHeaders.pdf) == nil && ImageSize.of(Data()) == nil)
    }
}
