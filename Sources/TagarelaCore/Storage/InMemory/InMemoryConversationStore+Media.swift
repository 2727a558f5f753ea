import Foundation

extension InMemoryConversationStore {
    public func saveMedia(_ media: StoredMedia, purgingBefore: Date) async throws {
        removeMedia { $0.expiresAt < purgingBefore }
        var stored = media
        stored.createdAt = media.createdAt.asStored
        stored.expiresAt = media.expiresAt.asStored
        self.media[media.id] = stored
    }

    public func media(id: String) async throws -> StoredMedia? {
        media[id]
    }
}
