import Foundation
import Logging
import TagarelaCore

/// Photos an operator sends a contact: a file uploaded, or the photos of one of the contact's catalogue items.
enum OperatorPhotos: Sendable, Equatable {
    case upload(Data, caption: String?)
    case catalogueItem(Int64)
}

extension ContactOperations {
    /// WhatsApp's longest media caption
    /// (https://developers.facebook.com/docs/whatsapp/cloud-api/reference/messages#media-object).
    static let maxCaption = 1024
    /// The largest photo WhatsApp carries.
    static let maxPhoto = MediaLimits.whatsApp.image
    static let photoTooLarge = "The photo is larger than WhatsApp's \(maxPhoto >> 20) MB."

    /// Queues photos from a person, one a message (WhatsApp carries one attachment each), inside the 24-hour
    /// window like their text; returns the messages' ids. An upload must be a JPEG, PNG or WebP by its bytes,
    /// within WhatsApp's size; an item must be the contact's own (a contact only ever sees their own catalogue).
    /// Each photo goes out as a public, expiring copy (`PhotoLinks`), as the model's photos do.
    func sendPhotos(_ id: Int64, _ photos: OperatorPhotos) async throws -> [Int64] {
        let links = PhotoLinks(files: files, timeSource: timeSource)
        switch photos {
        case .upload(let bytes, let caption):
            let caption = (caption ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            guard bytes.count <= Self.maxPhoto else { throw OperationError.tooLarge(Self.photoTooLarge) }
            guard let type = MediaSniffer.photoType(of: bytes) else {
                throw OperationError.invalid("The file is not a photo: send a JPEG, PNG or WebP image.")
            }
            guard caption.count <= Self.maxCaption else {
                throw OperationError.invalid("The caption is longer than WhatsApp's \(Self.maxCaption) characters.")
            }
            return try await queue(to: id, allowed: Self.insideWindow) { contact in
                var media = MediaAttachment(kind: .image, mimeType: type, caption: caption.isEmpty ? nil : caption)
                media.id = try await links.publish(bytes, contentType: type, contactID: contact.id)
                return [OutboundDraft(kind: .image, text: caption, media: media)]
            }
        case .catalogueItem(let itemID):
            return try await queue(to: id, allowed: Self.insideWindow) { contact in
                guard let item = try await store.catalogueItem(id: itemID), item.contactID == contact.id else {
                    throw OperationError.missing("Contact \(id) has no catalogue item \(itemID).")
                }
                let drafts = try await links.ready(item.outboundPhotos, contactID: contact.id, logger: logger)
                guard !drafts.isEmpty else {
                    throw OperationError.missing("The photos of catalogue item \(itemID) are gone.")
                }
                return drafts
            }
        }
    }

    /// Deletes a catalogue item with its photos and their files (outside the database, by the janitor).
    func deleteCatalogueItem(_ itemID: Int64) async throws {
        guard try await store.catalogueItem(id: itemID) != nil else {
            throw OperationError.missing("There is no catalogue item \(itemID).")
        }
        let removed = try await store.deleteCatalogueItem(id: itemID, contactID: nil)
        logger.notice(
            "catalogue item deleted by an operator", metadata: ["item": "\(itemID)", "files": "\(removed.count)"])
        do {
            try await fileJanitor.deleteDue()
        } catch {
            // The records are gone and the files queued durably: the janitor finishes later.
        }
    }
}
