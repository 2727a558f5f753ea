import Foundation

extension InMemoryConversationStore {
    public func addPhotos(
        _ photos: [NewCataloguePhoto], contactID: Int64, text: CatalogueText?, waitingUntil: Date?, now: Date
    ) async throws -> CatalogueItem? {
        let now = now.asStored
        let itemID = text.map { item(contactID: contactID, text: $0, now: now) }
        let known = Set(cataloguePhotos.map(\.mediaID))
        for photo in photos where !known.contains(photo.mediaID) {
            cataloguePhotos.append(
                CataloguePhoto(
                    id: nextID(&lastCataloguePhotoID), contactID: contactID, itemID: itemID, mediaID: photo.mediaID,
                    messageID: photo.messageID, contentType: photo.contentType, createdAt: now,
                    waitingUntil: itemID == nil ? waitingUntil?.asStored : nil))
        }
        return itemID.flatMap(catalogueItem)
    }

    public func waitingPhotos(contactID: Int64, now: Date) async throws -> [CataloguePhoto] {
        cataloguePhotos.filter { isWaiting($0, contactID: contactID, now: now) }
    }

    public func describeWaitingPhotos(contactID: Int64, as text: CatalogueText, now: Date) async throws
        -> CatalogueItem?
    {
        let waiting = cataloguePhotos.indices.filter { isWaiting(cataloguePhotos[$0], contactID: contactID, now: now) }
        guard !waiting.isEmpty else { return nil }
        let itemID = item(contactID: contactID, text: text, now: now.asStored)
        for index in waiting {
            cataloguePhotos[index].itemID = itemID
            cataloguePhotos[index].waitingUntil = nil
        }
        return catalogueItem(itemID)
    }

    public func redescribe(itemID: Int64, contactID: Int64, as text: CatalogueText, now: Date) async throws
        -> CatalogueItem?
    {
        guard var row = catalogueItems[itemID], row.contactID == contactID else { return nil }
        row.description = text.description
        row.searchText = text.searchText
        row.updatedAt = now.asStored
        catalogueItems[itemID] = row
        return catalogueItem(itemID)
    }

    public func catalogueItems(
        contactID: Int64?, matchingAny terms: [String], limit: Int, after: CataloguePosition?
    ) async throws -> [CatalogueItem] {
        catalogueItems.values
            .filter { row in
                (contactID == nil || row.contactID == contactID)
                    && (terms.isEmpty || terms.contains { row.searchText.contains(" \($0) ") })
                    && after?.precedes(updatedAt: row.updatedAt, id: row.id) != false
            }
            // Times as the SQL stores keep them (seconds since 1970), so that the order agrees with `after`.
            .sorted {
                ($0.updatedAt.timeIntervalSince1970, $0.id) > ($1.updatedAt.timeIntervalSince1970, $1.id)
            }
            .prefix(max(limit, 0))
            .compactMap { catalogueItem($0.id) }
    }

    public func catalogueItem(id: Int64) async throws -> CatalogueItem? {
        catalogueItem(id)
    }

    public func deleteCatalogueItem(id: Int64, contactID: Int64?) async throws -> [String] {
        guard let row = catalogueItems[id], contactID == nil || row.contactID == contactID else { return [] }
        catalogueItems[id] = nil
        let files = cataloguePhotos.filter { $0.itemID == id }.map(\.mediaID)
        cataloguePhotos.removeAll { $0.itemID == id }
        let removed = Set(files)
        removeMedia { removed.contains($0.id) }
        return files
    }

    /// The contact's item with this searchable text, touched, or a new one.
    private func item(contactID: Int64, text: CatalogueText, now: Date) -> Int64 {
        if let found = catalogueItems.values.first(where: {
            $0.contactID == contactID && $0.searchText == text.searchText
        }) {
            catalogueItems[found.id]?.updatedAt = now
            return found.id
        }
        let id = nextID(&lastCatalogueItemID)
        catalogueItems[id] = CatalogueItemRow(
            id: id, contactID: contactID, description: text.description, searchText: text.searchText, createdAt: now,
            updatedAt: now)
        return id
    }

    private func isWaiting(_ photo: CataloguePhoto, contactID: Int64, now: Date) -> Bool {
        photo.contactID == contactID && photo.itemID == nil && (photo.waitingUntil.map { $0 > now } ?? false)
    }

    private func catalogueItem(_ id: Int64) -> CatalogueItem? {
        catalogueItems[id].map { row in
            CatalogueItem(
                id: row.id, contactID: row.contactID, description: row.description, createdAt: row.createdAt,
                updatedAt: row.updatedAt, photos: cataloguePhotos.filter { $0.itemID == row.id })
        }
    }
}
