import TagarelaCore

/// Photos, documents and videos contacts send, and the photo catalogue (`IMAGE_*`).
public struct PhotoSettings: Sendable, Equatable {
    /// `IMAGE_DESCRIPTIONS`: `ask` (the default, the photo script's behaviour), `auto` or `off`.
    public var descriptions: PhotoInput.Descriptions
    /// `IMAGE_DESCRIPTION_WAIT_MINUTES`: how long a bare photo waits for its description (6 hours).
    public var descriptionWait: Duration
    /// `LLM_VISION`: `auto` (on for OpenAI's own API and Gemini, off for other compatible servers), `on`, `off`.
    public var vision: VisionSupport
    /// `IMAGE_MAX_SIDE`: the longest side, in pixels, of a photo the model is shown (1536); larger ones are scaled
    /// down with ffmpeg, keeping their aspect.
    public var maxSide: Int
}

extension PhotoSettings {
    init(_ reader: EnvironmentReader) throws(ConfigurationError) {
        self.init(
            descriptions: try reader.choice("IMAGE_DESCRIPTIONS", default: .ask),
            descriptionWait: .seconds(
                60 * (try reader.int("IMAGE_DESCRIPTION_WAIT_MINUTES", default: 360, in: 1...10_080))),
            vision: try reader.choice("LLM_VISION", default: .auto),
            maxSide: try reader.int("IMAGE_MAX_SIDE", default: 1536, in: 256...4096))
    }
}
