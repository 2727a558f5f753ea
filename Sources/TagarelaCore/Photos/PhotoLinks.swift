import Foundation
import Logging

/// The copies of photos sent out: each photo a channel sends gets its own public file, unguessable and expiring,
/// which Twilio fetches at `PUBLIC_URL/media/<id>` and Meta gets uploaded. The kept original never becomes public.
/// The one place for the model's `send_photos` and an operator's photos.
public struct PhotoLinks: Sendable {
    /// How long a link stays valid: Twilio fetches it within seconds of the send, and a retried send within the
    /// outbox's attempts.
    public static let lifetime: Duration = .seconds(24 * 3600)

    /// Kept files (their bytes where `MEDIA_STORAGE` says), and where the copies go.
    let files: any MediaStore
    let timeSource: any TimeSource

    public init(files: any MediaStore, timeSource: any TimeSource) {
        self.files = files
        self.timeSource = timeSource
    }

    /// Saves a public copy of `bytes` for the contact; returns its id, which goes in the draft's `media.id`.
    public func publish(_ bytes: Data, contentType: String, contactID: Int64) async throws -> String {
        let now = timeSource.now()
        let link = StoredMedia(
            id: StoredMedia.newID(), contactID: contactID, contentType: contentType, bytes: bytes, createdAt: now,
            expiresAt: now.addingTimeInterval(Self.lifetime.timeInterval), isPublic: true)
        try await files.saveMedia(link, purgingBefore: now)
        return link.id
    }

    /// Drafts naming kept photos (`media.storedID`), each given a public copy of its file; one whose file is gone
    /// or belongs to another contact is left out.
    public func ready(_ drafts: [OutboundDraft], contactID: Int64, logger: Logger) async throws -> [OutboundDraft] {
        var ready: [OutboundDraft] = []
        for var draft in drafts {
            guard var media = draft.media, let storedID = media.storedID,
                let file = try await files.media(id: storedID), file.contactID == contactID
            else {
                logger.warning("a photo to send is gone", metadata: ["contact": "\(contactID)"])
                continue
            }
            media.id = try await publish(file.bytes, contentType: file.contentType, contactID: contactID)
            draft.media = media
            ready.append(draft)
        }
        return ready
    }
}
