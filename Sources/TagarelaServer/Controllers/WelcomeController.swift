import Foundation
import Hummingbird

/// `/`: a small public page that says a Tagarela server answers here and what to do next, instead of an empty
/// 404 on the first visit, in the dashboard's language. It names no setting's value: a stranger learns only that
/// this is Tagarela.
struct WelcomeController {
    /// Whether the dashboard can be opened (`ADMIN_PASSWORD` is set).
    let dashboardOpen: Bool
    /// `DASHBOARD_LANGUAGE`.
    var language: DashboardLanguageSetting = .auto
    /// Whether a one-time login link was printed at start-up (no `ADMIN_PASSWORD`).
    var firstRunLink = false
    /// Set when a live channel's assistant does not say whose it is (`Configuration.businessWarning`).
    var businessMissing = false

    func addRoutes(to router: Router<some RequestContext>) {
        router.get("/") { request, _ in page(DashboardLanguage.chosen(by: language, for: request)) }
    }

    func page(_ language: DashboardLanguage) -> HTML {
        let text = language.text.welcome
        return AdminLayout.document(
            "Tagarela", language: language,
            """
            <main class="welcome"><h1>\(text.heading)</h1>
            <p>\(text.intro)</p>
            \(dashboardOpen ? text.dashboardOpen : firstRunLink ? text.firstRunLink : text.dashboardClosed)\(businessMissing ? text.businessMissing : "")
            \(text.connect)</main>
            """)
    }
}
