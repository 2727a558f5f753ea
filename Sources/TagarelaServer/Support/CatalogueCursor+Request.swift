import Hummingbird
import TagarelaCore

extension CatalogueCursor {
    /// The `cursor` query parameter (a page's `nextCursor`, as it was handed out), or nil when absent or empty. One
    /// that names no cursor, or a list's cursor for a search (`query`) or the other way round, is `400`.
    static func query(in request: Request, searching query: String) throws -> CatalogueCursor? {
        guard let token = request.uri.queryParameters.get("cursor"), !token.isEmpty else { return nil }
        guard let cursor = CatalogueCursor(token: token), cursor.isSearch == CatalogueSearch.isSearch(query) else {
            throw HTTPError(
                .badRequest, message: "cursor must be a nextCursor of the same list or search, passed back as it was.")
        }
        return cursor
    }
}
