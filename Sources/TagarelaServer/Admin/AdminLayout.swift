import Foundation

/// The frame of every dashboard page: navigation (with the count of contacts waiting for a person), the
/// page's content, and the logout form.
struct AdminLayout {
    enum Section: String, CaseIterable {
        case overview = "Overview"
        case conversations = "Conversations"
        case gallery = "Gallery"
        case knowledge = "Knowledge"
        case playground = "Playground"
        case settings = "Settings"

        var path: String {
            switch self {
            case .overview: "/admin"
            case .conversations: "/admin/conversations"
            case .gallery: "/admin/gallery"
            case .knowledge: "/admin/knowledge"
            case .playground: "/admin/playground"
            case .settings: "/admin/settings"
            }
        }
    }

    let session: AdminSession
    /// Contacts waiting for a person: the alert badge.
    let waiting: Int
    /// Shown above every page's content (the one-time login's reminder to set a password).
    var banner: HTML = ""

    func page(_ title: String, _ section: Section?, _ content: HTML) -> HTML {
        let links = Section.allCases.map { item -> HTML in
            let badge: HTML =
                item == .conversations && waiting > 0
                ? "<span class=\"badge\" id=\"waiting-badge\" title=\"waiting for a person\">\(waiting)</span>" : ""
            let current: HTML = item == section ? " aria-current=\"page\"" : ""
            return "<a href=\"\(item.path)\"\(current)>\(item.rawValue)\(badge)</a>"
        }
        return Self.document(
            title,
            """
            <header><nav><strong class="brand">Tagarela</strong>\(links)
            <form method="post" action="/admin/logout" class="logout"><input type="hidden" name="csrf" value="\(session.csrfToken)">
            <button type="submit">Log out</button></form></nav></header>
            \(banner)<main>\(content)</main>
            """)
    }

    /// A whole HTML document; the login page uses it without navigation.
    static func document(_ title: String, _ body: HTML) -> HTML {
        """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(title) · Tagarela</title>
        <link rel="stylesheet" href="/admin/assets/style.css">
        </head><body>\(body)</body></html>
        """
    }
}
