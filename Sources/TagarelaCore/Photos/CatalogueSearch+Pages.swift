import Foundation

/// One page of a catalogue, listed or searched, and where the next one starts.
public struct CataloguePage: Sendable, Equatable {
    public var items: [CatalogueItem]
    /// Where the next page starts; nil on the last page.
    public var next: CatalogueCursor?

    public init(items: [CatalogueItem], next: CatalogueCursor?) {
        self.items = items
        self.next = next
    }
}

extension CatalogueSearch {
    /// The items of one contact (or of all, with nil) from `cursor` (nil: from the first): the most recently changed
    /// first, or with a query the best matches first, as `items(contactID:query:limit:)` finds them. A query of
    /// spaces lists. A list pages by keyset (after the last item shown), so it reaches every item however many
    /// there are and each page reads only its own; a search ranks its `candidates` and pages through them. A
    /// cursor of the other kind (a list's for a search) starts from the first page.
    public func page(contactID: Int64?, query: String, cursor: CatalogueCursor?, limit: Int) async throws
        -> CataloguePage
    {
        let limit = max(limit, 0)
        guard limit > 0 else { return CataloguePage(items: [], next: nil) }
        guard Self.isSearch(query) else {
            var after: CataloguePosition?
            if case .after(let position) = cursor { after = position }
            // One more than the page tells whether another follows.
            let found = try await store.catalogueItems(
                contactID: contactID, matchingAny: [], limit: limit + 1, after: after)
            let items = Array(found.prefix(limit))
            return CataloguePage(
                items: items, next: found.count > limit ? items.last.map { .after(CataloguePosition($0)) } : nil)
        }
        var rank = 0
        if case .rank(let start) = cursor { rank = max(start, 0) }
        let found = try await items(contactID: contactID, query: query, limit: Self.candidates)
        let end = rank + limit
        return CataloguePage(
            items: Array(found.dropFirst(rank).prefix(limit)), next: found.count > end ? .rank(end) : nil)
    }

    /// Whether `query` searches (it has more than spaces) rather than lists.
    public static func isSearch(_ query: String) -> Bool {
        !query.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
    }
}
