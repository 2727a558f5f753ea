import Foundation
import Hummingbird
import TagarelaCore

/// The photo script's routes, so its bookmarks and callers keep working: `GET /report`, its page of the
/// catalogue, leads to the dashboard's gallery (through the login); `GET /get-report-data` is the catalogue in that
/// script's JSON, behind the admin token.
struct LegacyCatalogueRoutes {
    let store: any ConversationStore
    let auth: AdminAuth
    /// `PUBLIC_URL`: image links are absolute under it, else under the origin of the last signed webhook, else
    /// relative to this server.
    let publicURL: URL?

    func addRoutes(to router: Router<some RequestContext>) {
        router.get("/report") { _, _ in Dashboard.redirect("/admin/gallery") }
        router.get("/get-report-data") { request, _ in
            try auth.check(request)
            // The whole catalogue, as the script answered, read a batch at a time.
            var items: [CatalogueItem] = []
            var after: CataloguePosition?
            repeat {
                let batch = try await store.catalogueItems(
                    contactID: nil, matchingAny: [], limit: Self.batchSize, after: after)
                items += batch
                after = batch.count == Self.batchSize ? batch.last.map(CataloguePosition.init) : nil
            } while after != nil
            var phones: [Int64: String?] = [:]
            for id in Set(items.map(\.contactID)) { phones[id] = try await store.contact(id: id)?.phone }
            let base = await LinkOrigin.current(publicURL, store) ?? ""
            return items.map { ReportRow($0, fromNumber: phones[$0.contactID] ?? nil, mediaBase: base + "/api/media/") }
        }
    }

    /// Items read at once.
    static let batchSize = 500

    /// An item as the script's `table_descricao` row joined with its `table_image_link` rows. The links lead to
    /// `/api/media/<id>`, behind the admin token: the script's bucket was public, Tagarela's photos never are.
    struct ReportRow: Encodable {
        var id: Int64
        var descricao: String
        /// The contact's number, `+5511…`; null for a contact known by another id only.
        var fromNumber: String?
        var createdAt: Date
        var imageLinks: [String]

        enum CodingKeys: String, CodingKey {
            case id, descricao
            case fromNumber = "from_number"
            case createdAt = "created_at"
            case imageLinks = "image_links"
        }

        init(_ item: CatalogueItem, fromNumber: String?, mediaBase: String) {
            id = item.id
            descricao = item.description
            self.fromNumber = fromNumber
            createdAt = item.createdAt
            imageLinks = item.photos.map { mediaBase + $0.mediaID }
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(id, forKey: .id)
            try container.encode(descricao, forKey: .descricao)
            // null rather than absent: every row has the script's columns.
            try container.encode(fromNumber, forKey: .fromNumber)
            try container.encode(createdAt, forKey: .createdAt)
            try container.encode(imageLinks, forKey: .imageLinks)
        }
    }
}
