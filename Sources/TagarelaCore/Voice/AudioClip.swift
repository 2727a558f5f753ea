import Foundation

/// A piece of audio as it travels between a channel and a provider: the bytes and what they claim to be.
///
/// The content type is kept as received (`audio/ogg; codecs=opus`); `mediaType` is the part providers compare.
public struct AudioClip: Sendable, Equatable {
    public var bytes: Data
    /// The MIME type, parameters included, e.g. `audio/ogg; codecs=opus` for a WhatsApp voice note.
    public var contentType: String
    /// The length, when the sender said or a probe measured it; nil when unknown.
    public var duration: Duration?
    /// The file's own name, when the channel gave one with the bytes (a document's).
    public var filename: String?

    public init(bytes: Data, contentType: String, duration: Duration? = nil) {
        self.bytes = bytes
        self.contentType = contentType
        self.duration = duration
    }

    /// The content type without parameters, lowercased: `audio/ogg; codecs=opus` → `audio/ogg`.
    public var mediaType: String {
        let type = contentType.split(separator: ";", maxSplits: 1).first ?? ""
        return type.trimmingCharacters(in: .whitespaces).lowercased()
    }
}
