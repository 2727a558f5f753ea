extension PostgresSettings {
    /// Reads the variables of the older deployment scripts: `POSTGRES_DB_HOST`, `POSTGRES_DB_PORT` (default 5432),
    /// `POSTGRES_DB_NAME`, `POSTGRES_DB_USER`, `POSTGRES_DB_PASSWORD` and, optionally, `POSTGRES_DB_SSLMODE`
    /// (the `sslmode` values of ``init(url:)``). Nil when none of them is set.
    public static func fromLegacyVariables(
        _ environment: [String: String]
    ) throws(PostgresSettingsError) -> PostgresSettings? {
        let names = ["HOST", "PORT", "NAME", "USER", "PASSWORD", "SSLMODE"].map { "POSTGRES_DB_\($0)" }
        func value(_ name: String) -> String? {
            environment[name].flatMap { $0.isEmpty ? nil : $0 }
        }
        guard names.contains(where: { value($0) != nil }) else { return nil }
        func required(_ name: String) throws(PostgresSettingsError) -> String {
            guard let found = value(name) else {
                throw PostgresSettingsError(
                    setting: name, message: "is required when any POSTGRES_DB_* variable is set")
            }
            return found
        }
        var port = 5432
        if let raw = value("POSTGRES_DB_PORT") {
            guard let parsed = Int(raw), (1...65535).contains(parsed) else {
                throw PostgresSettingsError(setting: "POSTGRES_DB_PORT", message: "must be a port number, got '\(raw)'")
            }
            port = parsed
        }
        return PostgresSettings(
            host: try required("POSTGRES_DB_HOST"), port: port, username: try required("POSTGRES_DB_USER"),
            password: value("POSTGRES_DB_PASSWORD"), database: try required("POSTGRES_DB_NAME"),
            tlsMode: try tlsMode(value("POSTGRES_DB_SSLMODE"), setting: "POSTGRES_DB_SSLMODE"))
    }
}
