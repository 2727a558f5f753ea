/// Why an import could not run at all, as one line for the operator (a photo that fails is an
/// ``ImportFailure`` instead: reported, skipped, and the rest imported).
public enum ImportError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A `--from` value (or the configuration behind its default) that cannot be used.
    case invalidSource(String)
    /// The database has no `table_descricao` and `table_image_link`.
    case notPhotoScript(database: String)
    /// The photo script's database refused or failed.
    case source(database: String, detail: String)

    public var description: String {
        switch self {
        case .invalidSource(let detail):
            detail
        case .notPhotoScript(let database):
            "\(database) has no table_descricao and table_image_link: it is not the photo script's database"
        case .source(let database, let detail):
            "could not read the photo script's catalogue at \(database): \(detail)"
        }
    }
}
