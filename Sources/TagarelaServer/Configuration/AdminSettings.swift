import Foundation

/// The dashboard, alerts to the team, and how long conversations are kept.
public struct AdminSettings: Sendable, Equatable {
    /// `ADMIN_PASSWORD`, for the dashboard's login; nil turns the dashboard off.
    public var password: String?
    /// `ADMIN_SESSION_SECRET`: signs dashboard sessions and forms (at least 32 characters); nil keeps a random
    /// one in the database, shared by every instance.
    public var sessionSecret: String?
    /// `ADMIN_SESSION_HOURS`: a login lasts this long.
    public var sessionLifetime: Duration
    /// `ALERT_WEBHOOK_URL`: where alerts are posted as JSON (`{"text": …}`, as team chats take it); nil posts none.
    public var alertWebhookURL: URL?
    /// `HANDOFF_AUTO_RESUME_MINUTES`: a contact handed to a person goes back to the bot after this long without
    /// any message either way; nil (0) waits for an operator.
    public var handoffAutoResume: Duration?
    /// `FAILED_TURNS_ALERT`: this many failed turns in a row for one contact raise an alert.
    public var failedTurnsAlert: Int
    /// `RETENTION_DAYS`: messages, turns and media older than this are deleted; nil (0) keeps everything.
    public var retention: Duration?
    /// `DASHBOARD_LANGUAGE`: the pages' language, or `auto` from each browser's `Accept-Language`.
    public var language: DashboardLanguageSetting
}

extension AdminSettings {
    init(_ reader: EnvironmentReader, warnings: inout [String]) throws(ConfigurationError) {
        let password = reader.string("ADMIN_PASSWORD")
        if let password, password.count < 12 {
            warnings.append("ADMIN_PASSWORD is shorter than 12 characters: use a long passphrase")
        }
        let sessionSecret = reader.string("ADMIN_SESSION_SECRET")
        if let sessionSecret, sessionSecret.count < 32 {
            // The value is not echoed: it is a secret, however short.
            throw ConfigurationError(
                setting: "ADMIN_SESSION_SECRET",
                message: "ADMIN_SESSION_SECRET must be at least 32 characters, e.g. from `openssl rand -hex 32` "
                    + "(got \(sessionSecret.count))")
        }
        let resume = try reader.int("HANDOFF_AUTO_RESUME_MINUTES", default: 0, in: 0...525_600)
        let retention = try reader.int("RETENTION_DAYS", default: 0, in: 0...36_500)
        self.init(
            password: password, sessionSecret: sessionSecret,
            sessionLifetime: .seconds(3600 * (try reader.int("ADMIN_SESSION_HOURS", default: 12, in: 1...720))),
            alertWebhookURL: try reader.httpURL("ALERT_WEBHOOK_URL", example: "https://hooks.example.com/tagarela"),
            handoffAutoResume: resume == 0 ? nil : .seconds(60 * resume),
            failedTurnsAlert: try reader.int("FAILED_TURNS_ALERT", default: 3, in: 1...1000),
            retention: retention == 0 ? nil : .seconds(86_400 * retention),
            language: try reader.choice("DASHBOARD_LANGUAGE", default: .auto))
    }
}
