import Foundation

/// Each contact's photo catalogue: descriptions with their photos, photos waiting for a description, and the
/// search over descriptions. A contact's rows go with the contact; the files are `MediaStore` rows.
public protocol CatalogueStore: Sendable {
    /// Files `photos` (once per `mediaID`: a turn run again adds nothing) under `text` — the contact's item with
    /// that same description, or a new one — and returns the item; without `text` they wait for a description
    /// until `waitingUntil`, and nil is returned.
    @discardableResult
    func addPhotos(
        _ photos: [NewCataloguePhoto], contactID: Int64, text: CatalogueText?, waitingUntil: Date?, now: Date
    ) async throws -> CatalogueItem?

    /// The contact's photos still waiting for a description at `now`, oldest first.
    func waitingPhotos(contactID: Int64, now: Date) async throws -> [CataloguePhoto]

    /// Files the photos waiting at `now` under `text` (as `addPhotos` would); nil when none waits.
    func describeWaitingPhotos(contactID: Int64, as text: CatalogueText, now: Date) async throws -> CatalogueItem?

    /// Changes an item's description; nil when the contact has no such item.
    func redescribe(itemID: Int64, contactID: Int64, as text: CatalogueText, now: Date) async throws -> CatalogueItem?

    /// Items (of one contact, or of all with nil) whose searchable text holds any of `terms` as a whole word, or
    /// every item when `terms` is empty; most recently changed first (then the highest id), only those after
    /// `after` when given, at most `limit`.
    func catalogueItems(
        contactID: Int64?, matchingAny terms: [String], limit: Int, after: CataloguePosition?
    ) async throws -> [CatalogueItem]

    func catalogueItem(id: Int64) async throws -> CatalogueItem?

    /// Deletes an item (only the contact's own, when `contactID` is given) with its photos and their files;
    /// returns the ids of the files removed, empty when there was no such item.
    func deleteCatalogueItem(id: Int64, contactID: Int64?) async throws -> [String]
}

extension CatalogueStore {
    /// The first `limit` items, as `catalogueItems(contactID:matchingAny:limit:after:)` lists them.
    public func catalogueItems(contactID: Int64?, matchingAny terms: [String], limit: Int) async throws
        -> [CatalogueItem]
    {
        try await catalogueItems(contactID: contactID, matchingAny: terms, limit: limit, after: nil)
    }
}
