/// `DASHBOARD_LANGUAGE`: the language of the dashboard's pages and of the welcome page at `/`.
public enum DashboardLanguageSetting: String, Sendable, Equatable, CaseIterable {
    /// From each request's `Accept-Language`: English when the browser ranks English above Portuguese, otherwise
    /// Brazilian Portuguese (the bot's contacts and most of its operators are Brazilian).
    case auto
    case portugueseBrazil = "pt-BR"
    case english = "en"
}
