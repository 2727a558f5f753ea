import Foundation
import Hummingbird
import TagarelaChannels
import TagarelaCore

extension Dashboard {
    static let pageSize = 50
    /// Up to the last page whose offset, `(page - 1) * pageSize`, and next page number still fit in an `Int`.
    static let pages = 1...(Int.max / pageSize)

    func addConversations(to router: Router<some RequestContext>) {
        router.get("/admin/conversations") { request, _ in
            let session = try await gate(request)
            let search = RequestText.query("q", in: request)
            let page = try RequestNumber.query("page", in: request, range: Self.pages, default: 1)
            let contacts = try await store.contacts(
                ContactListQuery(search: search, limit: Self.pageSize + 1, offset: (page - 1) * Self.pageSize))
            return try await layout(session).page(
                "Conversations", .conversations, conversationsPage(contacts, search: search, page: page))
        }
        router.get("/admin/conversations/:id") { request, context in
            let session = try await gate(request)
            let id = try ContactsController.contactID(context)
            guard let contact = try await store.contact(id: id) else {
                throw HTTPError(.notFound, message: "There is no contact \(id).")
            }
            let notice = request.uri.queryParameters.get("notice").flatMap { Self.notices[$0] }
            return try await layout(session).page(
                Self.name(of: contact), .conversations,
                try await conversationPage(
                    contact, session: session, notice: notice, error: nil,
                    before: try RequestNumber.query("before", in: request, range: RequestNumber.ids)))
        }
    }

    private func conversationsPage(_ contacts: [ContactSummary], search: String, page: Int) -> HTML {
        let rows = contacts.prefix(Self.pageSize).map { summary -> HTML in
            let contact = summary.contact
            let state: HTML =
                contact.handoffAt != nil
                ? "<span class=\"bad\">waiting for a person</span>"
                : contact.optedOut ? "opted out" : "bot"
            return """
                <tr><td><a href="/admin/conversations/\(contact.id)">\(Self.name(of: contact))</a></td>\
                <td class="optional">\(contact.phone ?? contact.userID ?? contact.replyChannel.rawValue)</td>\
                <td class="preview">\(summary.lastText ?? "")</td>\
                <td>\(summary.lastMessageAt.map { format.time($0) } ?? "")</td><td>\(state)</td></tr>
                """
        }
        let query = search.isEmpty ? "" : "&q=\(FormURLEncoded.percentEncode(search))"
        let previous: HTML = page > 1 ? "<a href=\"/admin/conversations?page=\(page - 1)\(query)\">← newer</a>" : ""
        let next: HTML =
            contacts.count > Self.pageSize
            ? "<a href=\"/admin/conversations?page=\(page + 1)\(query)\">older →</a>" : ""
        let table: HTML =
            rows.isEmpty
            ? "<p id=\"no-contacts\">No conversation\(search.isEmpty ? " yet" : " matches “\(search)”").</p>"
            : """
            <table id="contacts"><thead><tr><th>Contact</th><th class="optional">Number</th><th>Last message</th>\
            <th>When</th><th>Who answers</th></tr></thead><tbody>\(rows)</tbody></table>
            """
        return """
            <h1>Conversations</h1>
            <form class="search" method="get" action="/admin/conversations" role="search">
            <input type="search" name="q" value="\(search)" placeholder="Name, number or words said" aria-label="Search">
            <button type="submit">Search</button></form>
            \(table)
            <div class="pager">\(previous)\(next)</div>
            """
    }
}
