import AsyncHTTPClient
import TagarelaObjectStorage
import TagarelaPostgres

extension CatalogueImporter {
    /// The photo script's database: `--from` when given, else the configured database when it is PostgreSQL
    /// (an installation that kept the script's `POSTGRES_DB_*` holds the old tables beside its own).
    public static func source(
        from url: String?, configured: PostgresSettings?
    ) throws(ImportError) -> PostgresSettings {
        var settings: PostgresSettings
        if let url {
            do {
                settings = try PostgresSettings(url: url)
            } catch {
                // The message never repeats the URL, which may hold the password.
                throw ImportError.invalidSource("--from \(error.message)")
            }
        } else if let configured {
            settings = configured
        } else {
            throw ImportError.invalidSource(
                "--from is needed: postgres://USER:PASSWORD@HOST/DB, the photo script's database")
        }
        // One connection reads the catalogue, once.
        settings.maximumConnections = 1
        return settings
    }
}

extension CatalogueImporter {
    /// The photo script's bucket as the configured S3 settings (`S3_*`, or the script's own `BUCKET_NAME` and keys)
    /// name it, read with whole keys: the script's links hold its `PREFIX` already. Nil without a bucket.
    public static func bucket(_ settings: S3Settings?) -> S3Client? {
        guard var settings else { return nil }
        settings.prefix = ""
        return S3Client(settings: settings, httpClient: .shared)
    }
}
