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
            let locale = locale(request)
            return try await layout(session, locale).page(
                .conversations, conversationsPage(contacts, search: search, page: page, locale))
        }
        router.get("/admin/conversations/:id") { request, context in
            let session = try await gate(request)
            let id = try ContactsController.contactID(context)
            let locale = locale(request)
            guard let contact = try await store.contact(id: id) else {
                throw HTTPError(.notFound, message: locale.text.conversations.noContact(id))
            }
            let notice = request.uri.queryParameters.get("notice").flatMap { locale.text.conversation.notices[$0] }
            return try await layout(session, locale).page(
                Self.name(of: contact, locale.text), .conversations,
                try await conversationPage(
                    contact, session: session, locale, notice: notice, error: nil,
                    before: try RequestNumber.query("before", in: request, range: RequestNumber.ids)))
        }
    }

    private func conversationsPage(
        _ contacts: [ContactSummary], search: String, page: Int, _ locale: DashboardLocale
    ) -> HTML {
        let text = locale.text.conversations
        let rows = contacts.prefix(Self.pageSize).map { summary -> HTML in
            let contact = summary.contact
            let state: HTML =
                contact.handoffAt != nil
                ? "<span class=\"bad\">\(locale.text.common.waitingForAPerson)</span>"
                : contact.optedOut ? "\(locale.text.common.optedOut)" : "\(text.bot)"
            return """
                <tr><td><a href="/admin/conversations/\(contact.id)">\(Self.name(of: contact, locale.text))</a></td>\
                <td class="optional">\(contact.phone ?? contact.userID ?? contact.replyChannel.rawValue)</td>\
                <td class="preview">\(summary.lastText ?? "")</td>\
                <td>\(summary.lastMessageAt.map { locale.format.time($0) } ?? "")</td><td>\(state)</td></tr>
                """
        }
        let query = search.isEmpty ? "" : "&q=\(FormURLEncoded.percentEncode(search))"
        let previous: HTML =
            page > 1 ? "<a href=\"/admin/conversations?page=\(page - 1)\(query)\">\(text.newer)</a>" : ""
        let next: HTML =
            contacts.count > Self.pageSize
            ? "<a href=\"/admin/conversations?page=\(page + 1)\(query)\">\(text.older)</a>" : ""
        let table: HTML =
            rows.isEmpty
            ? "<p id=\"no-contacts\">\(search.isEmpty ? text.noneYet : text.noneMatches(search))</p>"
            : """
            <table id="contacts"><thead><tr><th>\(text.contact)</th><th class="optional">\(text.number)</th>\
            <th>\(text.lastMessage)</th><th>\(text.when)</th><th>\(text.whoAnswers)</th></tr></thead>\
            <tbody>\(rows)</tbody></table>
            """
        return """
            <h1>\(locale.text.layout.conversations)</h1>
            <form class="search" method="get" action="/admin/conversations" role="search">
            <input type="search" name="q" value="\(search)" placeholder="\(text.searchPlaceholder)" \
            aria-label="\(locale.text.common.search)">
            <button type="submit">\(locale.text.common.search)</button></form>
            \(table)
            <div class="pager">\(previous)\(next)</div>
            """
    }
}
