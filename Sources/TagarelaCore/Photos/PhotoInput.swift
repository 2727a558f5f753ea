import Foundation
import Logging

/// Keeps a turn's photos, documents and videos: each is downloaded once from its channel (within WhatsApp's
/// size for its kind, and checked by its bytes), stored, and its stored id recorded on the message before the
/// model is asked, so a turn run again never downloads twice. Photos then go to the contact's catalogue: under
/// their caption, or waiting for a description (`IMAGE_DESCRIPTIONS=ask`).
public struct PhotoInput: Sendable {
    /// `IMAGE_DESCRIPTIONS`: how the catalogue gets its descriptions.
    public enum Descriptions: String, Sendable, CaseIterable {
        /// A captioned photo is filed under its caption; a bare one waits, and the model asks for a description.
        case ask
        /// The model describes what it sees, and the contact may correct it.
        case auto
        /// No catalogue: photos are kept as conversation media only.
        case off
    }

    let sources: [ChannelKind: any MediaSource]
    /// Where kept files go (their bytes where `MEDIA_STORAGE` says).
    let files: any MediaStore
    let catalogue: any CatalogueStore
    let limits: MediaLimits
    let quota: MediaQuota
    let descriptions: Descriptions
    /// How long a bare photo waits for its description before the contact is taken to have moved on.
    let descriptionWait: Duration
    /// Whether any model of the chain sees images (`LLM_VISION`): without one, no photo is read or scaled for it.
    let modelSees: Bool
    /// Fits photos to `longestSide` before the model sees them (`IMAGE_MAX_SIDE`); nil sends them as they came.
    let fitter: (any ImageFitter)?
    let longestSide: Int
    let timeSource: any TimeSource

    public init(
        sources: [ChannelKind: any MediaSource], files: any MediaStore, catalogue: any CatalogueStore,
        limits: MediaLimits = .whatsApp, quota: MediaQuota = .off, descriptions: Descriptions = .ask,
        descriptionWait: Duration = .seconds(6 * 3600), modelSees: Bool = true, fitter: (any ImageFitter)? = nil,
        longestSide: Int = 1536,
        timeSource: any TimeSource
    ) {
        self.modelSees = modelSees
        self.fitter = fitter
        self.longestSide = longestSide
        self.sources = sources
        self.files = files
        self.catalogue = catalogue
        self.limits = limits
        self.quota = quota
        self.descriptions = descriptions
        self.descriptionWait = descriptionWait
        self.timeSource = timeSource
    }

    /// The kinds kept as files (stickers and the rest get the polite "not yet" notice).
    public static let keptKinds: Set<MessageKind> = [.image, .document, .video]

    static func keeps(_ message: StoredMessage) -> Bool {
        message.direction == .inbound && keptKinds.contains(message.kind) && message.media != nil
    }

    /// What keeping a turn's files gave: its messages with the stored ids in, and those that could not be kept.
    struct Kept: Sendable {
        var messages: [StoredMessage]
        var failed: [Int64] = []
        var overQuota: [Int64] = []
    }

    func keep(_ messages: [StoredMessage], queue: any TurnQueue, logger: Logger) async throws -> Kept {
        var kept = Kept(messages: messages)
        for (index, message) in messages.enumerated() where Self.keeps(message) {
            guard var media = message.media, media.storedID == nil else { continue }
            do {
                guard let source = sources[message.channel] else {
                    throw VoiceError.invalidResponse("no media download for \(message.channel.rawValue)")
                }
                let file = try await source.download(media, maxBytes: limits.maxBytes(for: message.kind))
                let contentType = try Self.checkedType(file, kind: message.kind, stated: media.mimeType)
                if !quota.isOff {
                    guard
                        try await queue.takeMediaAllowance(
                            contactID: message.contactID, bytes: file.bytes.count,
                            day: quota.dayStart(of: timeSource.now()), quota: quota)
                    else {
                        kept.overQuota.append(message.id)
                        continue
                    }
                }
                let now = timeSource.now()
                let stored = StoredMedia(
                    id: StoredMedia.newID(), contactID: message.contactID, contentType: contentType,
                    bytes: file.bytes, createdAt: now, expiresAt: .distantFuture, isPublic: false)
                try await files.saveMedia(stored, purgingBefore: now)
                media.storedID = stored.id
                media.mimeType = contentType
                media.filename = media.filename ?? file.filename
                // Recorded before the model is asked: a turn run again finds the file kept.
                try await queue.recordTranscript(messageID: message.id, media: media)
                kept.messages[index].media = media
            } catch let error as StorageError {
                throw error
            } catch {
                logger.error(
                    "could not keep a contact's file; they are asked to send it again",
                    metadata: ["message": "\(message.id)", "kind": "\(message.kind)", "error": "\(error)"])
                kept.failed.append(message.id)
            }
        }
        try await catalogue(kept.messages, logger: logger)
        return kept
    }

    /// Files the turn's kept photos: under their caption, or (when there is exactly one caption in the turn)
    /// under that one; the rest wait for a description while the catalogue asks for them.
    func catalogue(_ messages: [StoredMessage], logger: Logger) async throws {
        guard descriptions != .off else { return }
        let photos = messages.filter { $0.kind == .image && $0.media?.storedID != nil }
        guard let contactID = photos.first?.contactID else { return }
        let captions = Set(photos.compactMap { Self.caption(of: $0) })
        let now = timeSource.now()
        for photo in photos {
            guard let media = photo.media, let storedID = media.storedID else { continue }
            let new = NewCataloguePhoto(
                mediaID: storedID, messageID: photo.id, contentType: media.mimeType ?? "image/jpeg")
            let caption = Self.caption(of: photo) ?? (captions.count == 1 ? captions.first : nil)
            try await catalogue.addPhotos(
                [new], contactID: contactID, text: caption.map(CatalogueText.init(describing:)),
                waitingUntil: now.addingTimeInterval(descriptionWait.timeInterval), now: now)
        }
    }

    /// The turn's kept photos as the model sees them (its own provider turns them into text where it cannot see);
    /// earlier photos stay text in the memory window, never bytes.
    func images(of messages: [StoredMessage], logger: Logger) async throws -> [ModelImage] {
        var images: [ModelImage] = []
        guard modelSees else { return images }
        for message in messages where message.kind == .image {
            guard let id = message.media?.storedID, let file = try await files.media(id: id) else { continue }
            var image = ModelImage(bytes: file.bytes, mimeType: file.contentType, caption: Self.caption(of: message))
            if let fitter {
                do {
                    image = try await fitter.fit(image, longestSide: longestSide)
                } catch {
                    // Sent as it came: within WhatsApp's 5 MB it is within every provider's limit.
                    logger.warning("could not resize a photo for the model", metadata: ["error": "\(error)"])
                }
            }
            images.append(image)
        }
        return images
    }

    /// The catalogue's tools: offered in a turn only where there is a catalogue to use (the contact has one, or
    /// sends photos now), so other contacts' turns do not pay for them.
    public static let toolNames: Set<String> = [DescribePhotosTool.name, SearchPhotosTool.name, SendPhotosTool.name]

    /// What a turn needs of the catalogue, from one read of the waiting photos: whether it is in use (the contact
    /// has a catalogue or photos in this turn), and what the model is told of photos waiting for a description.
    func turnContext(contactID: Int64, turn messages: [StoredMessage]) async throws
        -> (inUse: Bool, instructions: String?)
    {
        guard descriptions != .off else { return (false, nil) }
        let waiting = try await catalogue.waitingPhotos(contactID: contactID, now: timeSource.now())
        var inUse = messages.contains(where: { $0.kind == .image }) || !waiting.isEmpty
        if !inUse {
            inUse = try await !catalogue.catalogueItems(contactID: contactID, matchingAny: [], limit: 1).isEmpty
        }
        return (inUse, instructions(waiting: waiting.count))
    }

    /// What the model is told of `waiting` photos waiting for a description; nil when none waits.
    private func instructions(waiting: Int) -> String? {
        guard waiting > 0 else { return nil }
        let ask =
            descriptions == .auto
            ? "Describe what they show in a few words in the contact's language, save that with "
                + "\(DescribePhotosTool.name), and tell the contact they may correct it."
            : "If the contact has not said what they show, ask briefly. When the contact describes them, call "
                + "\(DescribePhotosTool.name) with the contact's own words."
        return "\(waiting) photo(s) the contact sent wait for a description for their photo catalogue. "
            + ask + " If the contact clearly moved on to something else, leave them."
    }

    /// Photos the tools chose to send, each with its public copy (see `PhotoLinks`).
    func outgoing(_ drafts: [OutboundDraft], contactID: Int64, logger: Logger) async throws -> [OutboundDraft] {
        try await PhotoLinks(files: files, timeSource: timeSource).ready(drafts, contactID: contactID, logger: logger)
    }

    static func caption(of message: StoredMessage) -> String? {
        let caption = (message.media?.caption ?? message.text ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        return caption.isEmpty ? nil : caption
    }

    /// The file's type by its first bytes: a photo must be JPEG, PNG or WebP whatever the channel stated
    /// (a renamed executable is not a photo); documents and videos keep the type stated.
    static func checkedType(_ file: AudioClip, kind: MessageKind, stated: String?) throws -> String {
        let fallback = stated ?? file.contentType
        guard kind == .image else { return fallback }
        guard let type = MediaSniffer.photoType(of: file.bytes) else {
            throw VoiceError.invalidAudio("the photo is not a JPEG, PNG or WebP image")
        }
        return type
    }
}

extension CatalogueText {
    /// A description as the contact wrote it, with the searchable form made by the one normaliser.
    public init(describing description: String) {
        self.init(description: description, terms: SearchText.terms(description))
    }
}
