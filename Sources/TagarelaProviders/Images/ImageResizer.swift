import Foundation
import TagarelaCore

/// Shrinks an image to a longest side with ffmpeg, for providers that bill and limit images by their size, and
/// makes a JPEG of any image for a channel that takes no other (Meta's `image` messages).
///
/// The common case runs nothing: the size is read from the header (`ImageSize`) and an image within the limit is
/// returned as it came. A larger one becomes a JPEG whose longest side is the limit, aspect kept, its metadata
/// (location, device) dropped; `jpeg(_:longestSide:)` does the same to any image that is not a JPEG. ffmpeg runs
/// as the voice converter runs it: local files only, its own scratch directory, killed after `timeout`.
public struct ImageResizer: ImageFitter {
    /// Why an image could not be fitted.
    public enum Failure: Error, Equatable {
        /// The bytes are no JPEG, PNG, WebP or GIF.
        case notAnImage
        case tooLarge(bytes: Int, limit: Int)
        /// ffmpeg is missing, failed or took too long; the reason as it said it.
        case resizeFailed(String)
    }

    /// `ffmpeg` (looked up on `PATH`) or a path to it.
    public var ffmpegPath: String
    /// Where the scratch directories go.
    public var temporaryDirectory: URL
    /// The longest one ffmpeg run may take: scaling one photo takes well under a second.
    public var timeout: Duration = .seconds(30)
    /// The largest input accepted; WhatsApp images stop at 5 MB, documents sent as images at 100 MB.
    public var maxInputBytes = 32 * 1024 * 1024

    public init(ffmpegPath: String = "ffmpeg", temporaryDirectory: URL = FileManager.default.temporaryDirectory) {
        self.ffmpegPath = ffmpegPath
        self.temporaryDirectory = temporaryDirectory
    }

    /// ffmpeg's demuxer for each image type, so the input is never probed as anything else.
    static let demuxers = [
        "image/jpeg": "jpeg_pipe", "image/png": "png_pipe", "image/webp": "webp_pipe", "image/gif": "gif",
    ]

    /// `image` unchanged when its longest side is at most `longestSide`, else a JPEG scaled down to it.
    public func fit(_ image: ModelImage, longestSide: Int) async throws -> ModelImage {
        try await converted(image, longestSide: longestSide) { _, size in size.longestSide <= longestSide }
    }

    /// `image` as a JPEG within `longestSide`: a JPEG within it unchanged, anything else through ffmpeg (a WebP or a
    /// GIF for a channel that takes JPEG and PNG only).
    public func jpeg(_ image: ModelImage, longestSide: Int) async throws -> ModelImage {
        try await converted(image, longestSide: longestSide) { type, size in
            type == "image/jpeg" && size.longestSide <= longestSide
        }
    }

    /// `image` as it came when `keeps` says so of its type and size (read from its header, so nothing runs), else
    /// its first frame as a JPEG within `longestSide`.
    private func converted(
        _ image: ModelImage, longestSide: Int, keeps: (String, ImageSize) -> Bool
    ) async throws -> ModelImage {
        guard let type = MediaSniffer.contentType(of: image.bytes), let demuxer = Self.demuxers[type] else {
            throw Failure.notAnImage
        }
        guard image.bytes.count <= maxInputBytes else {
            throw Failure.tooLarge(bytes: image.bytes.count, limit: maxInputBytes)
        }
        if let size = ImageSize.of(image.bytes), keeps(type, size) { return image }
        var converted = image
        converted.bytes = try await scaledJPEG(image.bytes, demuxer: demuxer, longestSide: longestSide)
        converted.mimeType = "image/jpeg"
        return converted
    }

    /// The first frame of `bytes` as a JPEG within `longestSide` × `longestSide`, never enlarged
    /// (https://ffmpeg.org/ffmpeg-filters.html#scale-1, `force_original_aspect_ratio`).
    func scaledJPEG(_ bytes: Data, demuxer: String, longestSide: Int) async throws -> Data {
        do {
            let ffmpeg = try ChildProcess.locate(ffmpegPath)
            return try await ScratchDirectory.with(in: temporaryDirectory) { scratch in
                let input = scratch.appendingPathComponent("input")
                let output = scratch.appendingPathComponent("output.jpg")
                try bytes.write(to: input)
                let side = max(1, longestSide)
                let arguments =
                    ["-nostdin", "-hide_banner", "-loglevel", "error", "-y"] + AudioConverter.localOnly
                    + ["-f", demuxer, "-i", "file:" + input.path, "-frames:v", "1", "-map_metadata", "-1"]
                    + ["-vf", "scale='min(\(side),iw)':'min(\(side),ih)':force_original_aspect_ratio=decrease"]
                    + ["-q:v", "3", "-f", "image2", "-c:v", "mjpeg"] + AudioConverter.localOnly
                    + ["file:" + output.path]
                let outcome = try await ChildProcess.run(
                    ffmpeg, arguments, output: nil, scratch: scratch, timeout: timeout)
                guard outcome.status == 0 else { throw Failure.resizeFailed("ffmpeg: \(outcome.errorTail)") }
                let scaled = try Data(contentsOf: output)
                guard MediaSniffer.contentType(of: scaled) == "image/jpeg" else {
                    throw Failure.resizeFailed("ffmpeg wrote no JPEG")
                }
                return scaled
            }
        } catch let failure as Failure {
            throw failure
        } catch let error as CancellationError {
            throw error
        } catch {
            throw Failure.resizeFailed("\(error)")
        }
    }
}
