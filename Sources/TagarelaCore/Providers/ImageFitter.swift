/// Makes an image fit a longest side before a model sees it (providers bill and limit by pixels), keeping its
/// aspect; one already within the limit comes back as it was. The real one runs ffmpeg (`ImageResizer`).
public protocol ImageFitter: Sendable {
    func fit(_ image: ModelImage, longestSide: Int) async throws -> ModelImage
}
