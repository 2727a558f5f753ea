/// Makes an image fit what reads it, keeping its aspect: a longest side (providers bill and limit images by their
/// pixels) or a type (Meta's `image` messages take JPEG and PNG only). The real one runs ffmpeg (`ImageResizer`).
public protocol ImageFitter: Sendable {
    /// `image` unchanged when its longest side is at most `longestSide`, else scaled down to it.
    func fit(_ image: ModelImage, longestSide: Int) async throws -> ModelImage

    /// `image` as a JPEG (its first frame), scaled down when its longest side passes `longestSide`; a JPEG within it
    /// comes back as it was.
    func jpeg(_ image: ModelImage, longestSide: Int) async throws -> ModelImage
}
