import Foundation
import TagarelaCore
import TagarelaPostgres

extension LazyPostgresStore {
    func addPhotos(
        _ photos: [NewCataloguePhoto], contactID: Int64, text: CatalogueText?, waitingUntil: Date?, now: Date
    ) async throws -> CatalogueItem? {
        try await store.addPhotos(photos, contactID: contactID, text: text, waitingUntil: waitingUntil, now: now)
    }

    func waitingPhotos(contactID: Int64, now: Date) async throws -> [CataloguePhoto] {
        try await store.waitingPhotos(contactID: contactID, now: now)
    }

    func describeWaitingPhotos(contactID: Int64, as text: CatalogueText, now: Date) async throws -> CatalogueItem? {
        try await store.describeWaitingPhotos(contactID: contactID, as: text, now: now)
    }

    func redescribe(itemID: Int64, contactID: Int64, as text: CatalogueText, now: Date) async throws
        -> CatalogueItem?
    {
        try await store.redescribe(itemID: itemID, contactID: contactID, as: text, now: now)
    }

    func catalogueItems(
        contactID: Int64?, matchingAny terms: [String], limit: Int, after: CataloguePosition?
    ) async throws -> [CatalogueItem] {
        try await store.catalogueItems(contactID: contactID, matchingAny: terms, limit: limit, after: after)
    }

    func catalogueItem(id: Int64) async throws -> CatalogueItem? {
        try await store.catalogueItem(id: id)
    }

    func deleteCatalogueItem(id: Int64, contactID: Int64?) async throws -> [String] {
        try await store.deleteCatalogueItem(id: id, contactID: contactID)
    }
}
