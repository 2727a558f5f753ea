/// The dashboard's words about the one-time login link, in English and in one place, for the string catalogue.
enum FirstRunText {
    static let bannerTitle = "Logged in with the one-time link."
    static let banner =
        "This session ends when the server stops. To keep the dashboard, set ADMIN_PASSWORD (a long passphrase) "
        + "in the environment or in .env and restart Tagarela; then log in with it."
    static let loginHint =
        "ADMIN_PASSWORD is not set. Open the one-time link Tagarela printed on its terminal at start-up, in a "
        + "browser on the same machine; or set ADMIN_PASSWORD in the environment or in .env and restart."
    static let refusedTitle = "This link does not work"
    static let wrong = "This is not the link Tagarela printed. Copy it again from the terminal."
    static let used =
        "This link was already used: it logs in once. Restart Tagarela for a new one, or set ADMIN_PASSWORD."
    static let expired = "This link has expired (it works for 15 minutes). Restart Tagarela for a new one."
    static let notThisMachine =
        "The one-time link works only in a browser on the machine Tagarela runs on, not through a proxy or a tunnel. "
        + "Set ADMIN_PASSWORD to log in from elsewhere."
    /// What the server prints at start-up (the log line, not a page).
    static func announcement(_ link: String) -> String {
        "ADMIN_PASSWORD is not set: open \(link) in a browser on this machine to log in to the dashboard once "
            + "(valid 15 minutes); set ADMIN_PASSWORD to keep it"
    }

    static func refusal(_ refusal: FirstRunLogin.Refusal) -> String {
        switch refusal {
        case .wrong: wrong
        case .used: used
        case .expired: expired
        case .notThisMachine: notThisMachine
        }
    }
}
