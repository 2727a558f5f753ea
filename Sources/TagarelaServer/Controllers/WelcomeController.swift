import Hummingbird

/// `/`: a small public page that says a Tagarela server answers here and what to do next, instead of an empty
/// 404 on the first visit. It names no setting's value: a stranger learns only that this is Tagarela.
struct WelcomeController {
    /// Whether the dashboard can be opened (`ADMIN_PASSWORD` is set).
    let dashboardOpen: Bool
    /// Whether a one-time login link was printed at start-up (no `ADMIN_PASSWORD`).
    var firstRunLink = false
    /// Set when a live channel's assistant does not say whose it is (`Configuration.businessWarning`).
    var businessMissing = false

    func addRoutes(to router: Router<some RequestContext>) {
        router.get("/") { _, _ in page }
    }

    var page: HTML {
        let dashboard: HTML =
            dashboardOpen
            ? "<p><a href=\"/admin\">Open the dashboard</a> to see the conversations and try the assistant in the playground.</p>"
            : firstRunLink
                ? """
                <p id="first-run">To try the assistant now, open the one-time link Tagarela printed on its terminal at
                start-up, in a browser on this machine: it logs in to the dashboard and its playground once. Set
                <code>ADMIN_PASSWORD</code> to keep the dashboard.</p>
                """
                : """
                <p>The dashboard at <code>/admin</code> is closed until <code>ADMIN_PASSWORD</code> is set (in the
                environment or in <code>.env</code>); then its playground lets you talk to the assistant in the browser.</p>
                """
        let business: HTML =
            businessMissing
            ? """
            <p id="business-warning" class="error">A live WhatsApp channel should have <code>BUSINESS_NAME</code> and
            <code>BUSINESS_DESCRIPTION</code> set: WhatsApp's <a href="\(Configuration.whatsAppTermsURL)">Business
            Solution terms</a> allow a business's own assistant, not a general-purpose one.</p>
            """ : ""
        return AdminLayout.document(
            "Tagarela",
            """
            <main class="welcome"><h1>Tagarela is running</h1>
            <p>This server puts an AI assistant on WhatsApp.</p>
            \(dashboard)\(business)
            <p>To connect a number, point Twilio's or Meta's webhook at <code>/webhooks/twilio</code> or
            <code>/webhooks/meta</code> on this server's public address; <code>tagarela doctor</code> checks the
            settings and the credentials. <code>/health</code> answers whether the server can serve.</p></main>
            """)
    }
}
