import Foundation
import TagarelaCore
import TagarelaFakes
import Testing

@testable import TagarelaProviders

@Suite("ImageResizer with real ffmpeg", .timeLimit(.minutes(3)))
struct ImageResizerTests {
    /// A solid-colour image of `size` written by ffmpeg itself, as `fileExtension`.
    static func generated(_ size: String, _ fileExtension: String) async throws -> Data {
        try GeneratedImage.make(size, fileExtension)
    }

    func resizer(_ root: URL) -> ImageResizer {
        var resizer = ImageResizer(temporaryDirectory: root)
        resizer.timeout = .seconds(60)
        return resizer
    }

    @Test("a 3000×1500 JPEG becomes a 1024×512 JPEG: aspect kept, longest side at the limit")
    func landscape() async throws {
        try await VoiceFixtures.withTemporaryRoot { root in
            let original = try await Self.generated("3000x1500", "jpg")
            #expect(ImageSize.of(original) == ImageSize(width: 3000, height: 1500))
            let image = ModelImage(bytes: original, mimeType: "image/jpeg", detail: .high, caption: "praia")
            let fitted = try await resizer(root).fit(image, longestSide: 1024)
            #expect(fitted.mimeType == "image/jpeg" && MediaSniffer.contentType(of: fitted.bytes) == "image/jpeg")
            #expect(ImageSize.of(fitted.bytes) == ImageSize(width: 1024, height: 512))
            #expect(fitted.caption == "praia" && fitted.detail == .high)
            #expect(try VoiceFixtures.leftovers(in: root).isEmpty)
        }
    }

    @Test(
        "PNG, WebP and GIF taller than the limit become JPEGs within it",
        arguments: [("png", "image/png"), ("webp", "image/webp"), ("gif", "image/gif")])
    func otherFormats(_ fileExtension: String, _ type: String) async throws {
        try await VoiceFixtures.withTemporaryRoot { root in
            let original = try await Self.generated("600x1800", fileExtension)
            #expect(MediaSniffer.contentType(of: original) == type)
            #expect(ImageSize.of(original) == ImageSize(width: 600, height: 1800))
            let fitted = try await resizer(root).fit(ModelImage(bytes: original, mimeType: type), longestSide: 900)
            #expect(fitted.mimeType == "image/jpeg")
            #expect(ImageSize.of(fitted.bytes) == ImageSize(width: 300, height: 900))
        }
    }

    @Test(
        "jpeg: a WebP, a GIF or a PNG becomes a JPEG of the same size; a JPEG within the limit is not touched",
        arguments: ["webp", "gif", "png"])
    func jpeg(_ fileExtension: String) async throws {
        try await VoiceFixtures.withTemporaryRoot { root in
            let original = try await Self.generated("640x480", fileExtension)
            let image = ModelImage(bytes: original, mimeType: "image/\(fileExtension)", caption: "gato")
            let converted = try await resizer(root).jpeg(image, longestSide: 4096)
            #expect(converted.mimeType == "image/jpeg" && MediaSniffer.contentType(of: converted.bytes) == "image/jpeg")
            #expect(ImageSize.of(converted.bytes) == ImageSize(width: 640, height: 480))
            #expect(converted.caption == "gato")
            let untouched = ImageResizer(ffmpegPath: "/nonexistent/ffmpeg", temporaryDirectory: root)
            #expect(try await untouched.jpeg(converted, longestSide: 640) == converted)
            let smaller = try await resizer(root).jpeg(converted, longestSide: 320)
            #expect(ImageSize.of(smaller.bytes) == ImageSize(width: 320, height: 240))
            #expect(try VoiceFixtures.leftovers(in: root).isEmpty)
        }
    }

    @Test("an image within the limit comes back as it was, without running ffmpeg")
    func withinTheLimit() async throws {
        try await VoiceFixtures.withTemporaryRoot { root in
            let original = try await Self.generated("800x600", "png")
            let image = ModelImage(bytes: original, mimeType: "image/png")
            let untouched = ImageResizer(ffmpegPath: "/nonexistent/ffmpeg", temporaryDirectory: root)
            #expect(try await untouched.fit(image, longestSide: 800) == image)
        }
    }

    @Test("bytes that are no image, an image too large, and a missing ffmpeg fail clearly")
    func failures() async throws {
        try await VoiceFixtures.withTemporaryRoot { root in
            let pdf = ModelImage(bytes: Data("%PDF-1.7\n".utf8), mimeType: "image/jpeg")
            await #expect(throws: ImageResizer.Failure.notAnImage) {
                try await resizer(root).fit(pdf, longestSide: 100)
            }
            let big = try await Self.generated("400x200", "jpg")
            var small = resizer(root)
            small.maxInputBytes = 10
            await #expect(throws: ImageResizer.Failure.tooLarge(bytes: big.count, limit: 10)) {
                try await small.fit(ModelImage(bytes: big, mimeType: "image/jpeg"), longestSide: 100)
            }
            let missing = ImageResizer(ffmpegPath: "/nonexistent/ffmpeg", temporaryDirectory: root)
            let error = await #expect(throws: ImageResizer.Failure.self) {
                try await missing.fit(ModelImage(bytes: big, mimeType: "image/jpeg"), longestSide: 100)
            }
            guard case .resizeFailed(let reason) = error else {
                Issue.record("expected resizeFailed, got \(String(describing: error))")
                return
            }
            #expect(reason.contains("/nonexistent/ffmpeg"))
        }
    }

    @Test("a corrupt JPEG makes ffmpeg fail, and the scratch directory is removed")
    func corrupt() async throws {
        try await VoiceFixtures.withTemporaryRoot { root in
            // A JPEG signature and a header claiming 4000×3000, then nothing a decoder can use.
            let bytes =
                Data([0xFF, 0xD8, 0xFF, 0xC0, 0x00, 0x11, 0x08, 0x0B, 0xB8, 0x0F, 0xA0, 0x03])
                + Data(repeating: 0x00, count: 64)
            #expect(ImageSize.of(bytes) == ImageSize(width: 4000, height: 3000))
            await #expect(throws: ImageResizer.Failure.self) {
                try await resizer(root).fit(ModelImage(bytes: bytes, mimeType: "image/jpeg"), longestSide: 100)
            }
            let leftovers = try VoiceFixtures.leftovers(in: root)
            #expect(leftovers.isEmpty)
        }
    }
}
