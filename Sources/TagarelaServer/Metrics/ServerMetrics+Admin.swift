extension ServerMetrics {
    /// Counts one attempt at the dashboard's password: `tagarela_admin_logins_total{outcome=…}`.
    func adminLogin(_ outcome: LoginOutcome) {
        count(MetricCatalog.adminLogins, [("outcome", outcome.rawValue)])
    }
}

/// What became of one password attempt at `/admin/login`: the `outcome` label of `tagarela_admin_logins_total`.
enum LoginOutcome: String, Sendable, CaseIterable {
    /// The right password: a session was issued.
    case success
    /// A wrong password (401).
    case failure
    /// Refused before the comparison, for too many failures (429).
    case throttled
}
