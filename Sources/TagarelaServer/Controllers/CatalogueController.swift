import Foundation
import Hummingbird
import TagarelaCore

/// The photo catalogue in the admin API, behind the admin token: every contact's items or one contact's, listed
/// or searched as the model searches, a page at a time; and an item's deletion with its photos.
struct CatalogueController {
    let operations: ContactOperations
    let auth: AdminAuth
    var store: any ConversationStore { operations.store }

    func addRoutes(to router: Router<some RequestContext>) {
        router.get("/api/catalogue") { request, _ in
            try auth.check(request)
            let limit = try RequestNumber.query("limit", in: request, range: Self.limits, default: 50)
            let query = request.uri.queryParameters.get("q") ?? ""
            let page = try await CatalogueSearch(store: store).page(
                contactID: try RequestNumber.query("contact", in: request, range: RequestNumber.ids),
                query: query, cursor: try CatalogueCursor.query(in: request, searching: query), limit: limit)
            return CatalogueList(items: page.items.map(CatalogueItemView.init), nextCursor: page.next?.token)
        }
        router.delete("/api/catalogue/:id") { request, context in
            try auth.check(request)
            try await operations.deleteCatalogueItem(
                try RequestNumber.path("id", in: context, range: RequestNumber.ids, label: "The item id"))
            return Response(status: .noContent)
        }
    }

    /// A page holds 1 to 100 items.
    static let limits = 1...100

    /// One page of the catalogue; `nextCursor` is null on the last.
    struct CatalogueList: ResponseEncodable {
        var items: [CatalogueItemView]
        var nextCursor: String?

        enum CodingKeys: CodingKey { case items, nextCursor }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(items, forKey: .items)
            // Written as null rather than left out, so a client sees the last page said.
            try container.encode(nextCursor, forKey: .nextCursor)
        }
    }
}
