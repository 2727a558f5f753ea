import Foundation

/// One page of a catalogue, listed or searched, and where the next one starts.
public struct CataloguePage: Sendable, Equatable {
    public var items: [CatalogueItem]
    /// The next page's offset; nil on the last page, or where the next would pass `CatalogueSearch.reach`.
    public var nextOffset: Int?

    public init(items: [CatalogueItem], nextOffset: Int?) {
        self.items = items
        self.nextOffset = nextOffset
    }
}

extension CatalogueSearch {
    /// How deep pages go: `offset + limit` is at most this. The stores read a catalogue from its newest item
    /// (they take no offset), so a page is the newest `offset + limit + 1` items less the first `offset`; the reach
    /// bounds what any page reads. A contact or a search narrows a larger catalogue.
    public static let reach = 1000

    /// The items of one contact (or of all, with nil) from `offset`: the most recently changed first, or with a
    /// query the best matches first, as `items(contactID:query:limit:)` finds them. A query of spaces lists. A
    /// page is cut at the reach (callers check requests against it first, to say so).
    public func page(contactID: Int64?, query: String, offset: Int, limit: Int) async throws -> CataloguePage {
        let offset = min(max(offset, 0), Self.reach)
        let limit = min(max(limit, 0), Self.reach - offset)
        guard limit > 0 else { return CataloguePage(items: [], nextOffset: nil) }
        // One more than the page tells whether another follows.
        let wanted = offset + limit + 1
        let found =
            query.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
            ? try await store.catalogueItems(contactID: contactID, matchingAny: [], limit: wanted)
            : try await items(contactID: contactID, query: query, limit: wanted)
        let end = offset + limit
        return CataloguePage(
            items: Array(found.dropFirst(offset).prefix(limit)),
            nextOffset: found.count > end && end < Self.reach ? end : nil)
    }
}
