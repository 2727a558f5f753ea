import Foundation
import Hummingbird
import TagarelaChannels
import TagarelaCore

extension Dashboard {
    /// Items a gallery page shows.
    static let galleryPageSize = 25

    /// `/admin/gallery`: every contact's photo catalogue, or one contact's (`?contact=`), the most recently changed
    /// first or searched (`?q=`, the model's own search), with each item's photos, and its delete and send buttons.
    func addGallery(to router: Router<some RequestContext>) {
        router.get("/admin/gallery") { request, _ in
            let session = try await gate(request)
            let search = RequestText.query("q", in: request)
            let filter = GalleryFilter(
                contactID: try RequestNumber.query("contact", in: request, range: RequestNumber.ids),
                search: search, cursor: try CatalogueCursor.query(in: request, searching: search))
            var contacts: [Int64: Contact] = [:]
            if let id = filter.contactID {
                guard let contact = try await store.contact(id: id) else { throw OperationError.notFound(id) }
                contacts[id] = contact
            }
            let page = try await CatalogueSearch(store: store).page(
                contactID: filter.contactID, query: filter.search, cursor: filter.cursor, limit: Self.galleryPageSize)
            for id in Set(page.items.map(\.contactID)) where contacts[id] == nil {
                contacts[id] = try await store.contact(id: id)
            }
            let deleted = request.uri.queryParameters.get("notice") == "deleted"
            let locale = locale(request)
            return try await layout(session, locale).page(
                .gallery,
                galleryPage(page, contacts: contacts, filter: filter, session: session, deleted: deleted, locale))
        }
        router.post("/admin/gallery/:id/delete") { request, context in
            let (_, form) = try await formPost(request)
            guard form["confirm"] == "yes" else {
                throw HTTPError(.badRequest, message: "Tick “delete for good” to delete the item.")
            }
            let itemID = try RequestNumber.path("id", in: context, range: RequestNumber.ids, label: "The item id")
            try await operations.deleteCatalogueItem(itemID)
            // Back to the gallery it was deleted from; only a contact's id is taken from the form.
            let contact = try form.nonEmpty("contact").map {
                try RequestNumber.parse($0, name: "contact", range: RequestNumber.ids)
            }
            return Self.redirect(GalleryFilter(contactID: contact).path(notice: "deleted"))
        }
    }

    /// A kept photo, small, linking to the whole file: both only for a logged-in session (`/admin/media`).
    static func thumbnail(_ mediaID: String, alt: String) -> HTML {
        """
        <a href="/admin/media/\(mediaID)" target="_blank" rel="noopener"><img class="thumb" \
        src="/admin/media/\(mediaID)" alt="\(alt)" loading="lazy"></a>
        """
    }

    private func galleryPage(
        _ page: CataloguePage, contacts: [Int64: Contact], filter: GalleryFilter, session: AdminSession, deleted: Bool,
        _ locale: DashboardLocale
    ) -> HTML {
        let (text, common, format) = (locale.text.gallery, locale.text.common, locale.format)
        let csrf: HTML = "<input type=\"hidden\" name=\"csrf\" value=\"\(session.csrfToken)\">"
        // Forms on a contact's gallery come back to it.
        let contactField: HTML =
            filter.contactID.map { "<input type=\"hidden\" name=\"contact\" value=\"\($0)\">" } ?? ""
        let items = page.items.map { item -> HTML in
            let contact = contacts[item.contactID]
            let name = contact.map { Self.name(of: $0, locale.text) } ?? common.contactNumbered(item.contactID)
            let changed = item.updatedAt == item.createdAt ? "" : " · \(text.changed(format.time(item.updatedAt)))"
            return """
                <article class="item" id="item-\(item.id)">
                <div class="photos">\(item.photos.map { Self.thumbnail($0.mediaID, alt: text.photoAlt) })</div>
                <p class="description">\(item.description)</p>
                <p class="meta"><a href="/admin/gallery?contact=\(item.contactID)">\(name)</a> · \
                \(format.time(item.createdAt))\(changed) · \(text.photos(item.photos.count))</p>
                <div class="controls">
                <form class="inline" method="post" action="/admin/conversations/\(item.contactID)/media">\(csrf)\
                <input type="hidden" name="item" value="\(item.id)">\
                <button type="submit" class="secondary">\(text.sendTo(name))</button></form>
                <form class="inline" method="post" action="/admin/gallery/\(item.id)/delete">\(csrf)\(contactField)\
                <label><input type="checkbox" name="confirm" value="yes" required> \(common.deleteForGood)</label> \
                <button type="submit" class="danger">\(text.delete)</button></form>
                </div></article>
                """
        }
        let owner = filter.contactID.flatMap { contacts[$0] }
        let title: HTML =
            owner.map {
                """
                <h1>\(locale.text.layout.gallery) · <a href="/admin/conversations/\($0.id)">\
                \(Self.name(of: $0, locale.text))</a></h1>
                <p><a href="/admin/gallery">\(text.everyContact)</a></p>
                """
            } ?? "<h1>\(locale.text.layout.gallery)</h1>"
        // Pages follow the last item shown (keyset), so the way back is to the first page.
        let first: HTML =
            filter.cursor != nil
            ? "<a href=\"\(filter.path(cursor: nil))\">← \(filter.search.isEmpty ? text.newest : text.bestMatches)</a>"
            : ""
        let next: HTML =
            page.next.map {
                "<a href=\"\(filter.path(cursor: $0))\">\(filter.search.isEmpty ? text.older : text.more) →</a>"
            }
            ?? ""
        let list: HTML =
            items.isEmpty
            ? "<p id=\"no-items\">\(filter.search.isEmpty ? text.noneYet : text.noneMatches(filter.search))</p>"
            : "<div class=\"gallery\" id=\"gallery\">\(items)</div>"
        let banner: HTML =
            deleted ? "<p class=\"notice\" role=\"status\">\(text.deleted)</p>" : ""
        return """
            \(title)
            \(banner)
            <form class="search" method="get" action="/admin/gallery" role="search">\(contactField)
            <input type="search" name="q" value="\(filter.search)" placeholder="\(text.searchPlaceholder)" \
            aria-label="\(common.search)">
            <button type="submit">\(common.search)</button></form>
            \(list)
            <div class="pager">\(first)\(next)</div>
            """
    }
}

/// What a gallery page lists: whose catalogue, the search, and where the page starts.
struct GalleryFilter {
    var contactID: Int64?
    var search = ""
    /// nil: the first page.
    var cursor: CatalogueCursor?

    /// The gallery's path for this filter from `cursor` (nil: the first page), with a `notice`.
    func path(cursor: CatalogueCursor? = nil, notice: String? = nil) -> String {
        var query: [String] = []
        if let contactID { query.append("contact=\(contactID)") }
        if !search.isEmpty { query.append("q=\(FormURLEncoded.percentEncode(search))") }
        if let cursor { query.append("cursor=\(FormURLEncoded.percentEncode(cursor.token))") }
        if let notice { query.append("notice=\(notice)") }
        return "/admin/gallery" + (query.isEmpty ? "" : "?" + query.joined(separator: "&"))
    }
}
