import Foundation

/// An image a model is shown with a message: its bytes, what they are, and how closely to look.
public struct ModelImage: Sendable, Equatable {
    /// How much of the image the model reads. OpenAI bills and looks by it
    /// (https://platform.openai.com/docs/guides/images-vision); Gemini has no per-image setting and ignores it.
    public enum Detail: String, Sendable, Equatable, CaseIterable {
        case auto, low, high
    }

    public var bytes: Data
    /// The MIME type without parameters: `image/jpeg`, `image/png`, `image/webp`, `image/gif`.
    public var mimeType: String
    public var detail: Detail
    /// What the contact wrote with this image, if anything; the text note that stands for it says it.
    public var caption: String?

    public init(bytes: Data, mimeType: String, detail: Detail = .auto, caption: String? = nil) {
        self.bytes = bytes
        self.mimeType = mimeType
        self.detail = detail
        self.caption = caption
    }

    /// `data:<mime>;base64,<bytes>`, the data URL both OpenAI APIs take in place of a link.
    public var dataURL: String { "data:\(mimeType);base64,\(bytes.base64EncodedString())" }

    /// What stands for the image when the model cannot see: `[imagem: <caption>]`, `[imagem: sem legenda]`.
    public var textNote: String {
        let caption = (caption ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        return "[imagem: \(caption.isEmpty ? "sem legenda" : caption)]"
    }
}
