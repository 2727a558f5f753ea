/// A PostgreSQL setting that cannot be used, as one line that names the setting and never its secret.
public struct PostgresSettingsError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The environment variable at fault, e.g. `DATABASE_URL` or `POSTGRES_DB_PORT`.
    public var setting: String
    /// What is wrong, without the setting's name.
    public var message: String

    public var description: String { "\(setting) \(message)" }
}
