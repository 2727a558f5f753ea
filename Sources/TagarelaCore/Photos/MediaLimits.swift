/// The largest file of each kind a contact's message may carry, as WhatsApp documents them
/// (https://developers.facebook.com/docs/whatsapp/cloud-api/reference/media#supported-media-types): larger ones
/// are refused before they are downloaded in full.
public struct MediaLimits: Sendable, Equatable {
    public var image: Int
    public var audio: Int
    public var video: Int
    public var document: Int
    public var sticker: Int

    public static let whatsApp = MediaLimits(
        image: 5 << 20, audio: 16 << 20, video: 16 << 20, document: 100 << 20, sticker: 500 << 10)

    public init(image: Int, audio: Int, video: Int, document: Int, sticker: Int) {
        self.image = image
        self.audio = audio
        self.video = video
        self.document = document
        self.sticker = sticker
    }

    /// The largest file of `kind`; a kind WhatsApp does not list gets the smallest limit of a kept kind.
    public func maxBytes(for kind: MessageKind) -> Int {
        switch kind {
        case .image: image
        case .audio: audio
        case .video: video
        case .document: document
        case .sticker: sticker
        default: image
        }
    }

    /// The largest any kind may be: what a channel's download client must allow.
    public var largest: Int { max(image, audio, video, document, sticker) }
}
