import TagarelaCopy
import TagarelaPostgres

extension CopyEndpoints {
    /// Reads `--from` and `--to`. An omitted one comes from the configuration, which is loaded only then:
    /// `--from` from a SQLite `DATABASE_URL` (else `sqlite://tagarela.sqlite`), `--to` from a PostgreSQL
    /// `DATABASE_URL` or `POSTGRES_DB_*`.
    public static func resolve(
        from: String?, to: String?, configuration: () throws -> Configuration
    ) throws -> CopyEndpoints {
        let configured = from == nil || to == nil ? try configuration().database : nil
        let path: String
        if let from {
            path = try sqlitePath(from)
        } else if case .sqlite(let configuredPath, _)? = configured,
            configuredPath != DatabaseConfiguration.inMemoryPath
        {
            path = configuredPath
        } else {
            path = try sqlitePath(DatabaseConfiguration.defaultURL)
        }
        var settings: PostgresSettings
        if let to {
            do {
                settings = try PostgresSettings(url: to)
            } catch {
                // The message never repeats the URL, which may hold the password.
                throw CopyError.invalidEndpoint("--to \(error.message)")
            }
        } else if case .postgres(let configuredSettings)? = configured {
            settings = configuredSettings
        } else {
            throw CopyError.invalidEndpoint(
                "--to is needed: DATABASE_URL (or POSTGRES_DB_*) does not name a PostgreSQL database")
        }
        // The copy runs on one connection; a second serves the health check of the migration.
        settings.maximumConnections = 2
        return CopyEndpoints(sqlitePath: path, postgres: settings)
    }

    /// The file path of a `sqlite://` URL; an in-memory database has nothing to copy.
    static func sqlitePath(_ url: String) throws -> String {
        let invalid = CopyError.invalidEndpoint("--from must be sqlite://PATH or sqlite:///ABSOLUTE/PATH")
        guard case .sqlite(let path, _) = try? DatabaseConfiguration.parse(url, synchronous: .normal),
            path != DatabaseConfiguration.inMemoryPath
        else { throw invalid }
        return path
    }
}
