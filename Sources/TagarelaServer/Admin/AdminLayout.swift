import Foundation

/// The frame of every dashboard page: navigation (with the count of contacts waiting for a person), the
/// page's content, and the logout form, in the page's language.
struct AdminLayout {
    enum Section: CaseIterable {
        case overview, conversations, gallery, knowledge, playground, settings

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

        /// The section's name in the navigation, which is also its page's title.
        func name(_ text: DashboardText.Layout) -> String {
            switch self {
            case .overview: text.overview
            case .conversations: text.conversations
            case .gallery: text.gallery
            case .knowledge: text.knowledge
            case .playground: text.playground
            case .settings: text.settings
            }
        }
    }

    let session: AdminSession
    /// Contacts waiting for a person: the alert badge.
    let waiting: Int
    let locale: DashboardLocale

    /// A section's own page, titled by the section's name.
    func page(_ section: Section, _ content: HTML) -> HTML {
        page(section.name(locale.text.layout), section, content)
    }

    /// Shown above every page's content (the one-time login's reminder to set a password).
    var banner: HTML = ""

    func page(_ title: String, _ section: Section?, _ content: HTML) -> HTML {
        let text = locale.text
        let links = Section.allCases.map { item -> HTML in
            let badge: HTML =
                item == .conversations && waiting > 0
                ? "<span class=\"badge\" id=\"waiting-badge\" title=\"\(text.common.waitingForAPerson)\">\(waiting)</span>"
                : ""
            let current: HTML = item == section ? " aria-current=\"page\"" : ""
            return "<a href=\"\(item.path)\"\(current)>\(item.name(text.layout))\(badge)</a>"
        }
        return Self.document(
            title, language: locale.language,
            """
            <header><nav><strong class="brand">Tagarela</strong>\(links)
            <form method="post" action="/admin/logout" class="logout"><input type="hidden" name="csrf" value="\(session.csrfToken)">
            <button type="submit">\(text.layout.logOut)</button></form></nav></header>
            \(banner)<main>\(content)</main>
            """)
    }

    /// A whole HTML document in `language`; the login and welcome pages use it without navigation.
    static func document(_ title: String, language: DashboardLanguage, _ body: HTML) -> HTML {
        """
        <!doctype html>
        <html lang="\(language.rawValue)"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(title) · Tagarela</title>
        <link rel="stylesheet" href="/admin/assets/style.css">
        </head><body>\(body)</body></html>
        """
    }
}
