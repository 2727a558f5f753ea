import Foundation
import TagarelaObjectStorage

/// Where kept files' bytes go (`MEDIA_STORAGE`), and every place files written under an earlier setting may
/// still be read from.
public struct MediaStorageSettings: Sendable, Equatable {
    public enum Kind: String, Sendable, Equatable, CaseIterable {
        /// In the database, beside their records (the default: nothing else to run).
        case database
        /// Under `MEDIA_DIR`, which every instance must share.
        case filesystem
        /// In an S3-compatible bucket (`S3_*`).
        case s3
    }

    /// `MEDIA_STORAGE`.
    public var kind: Kind
    /// `MEDIA_DIR`, when set.
    public var directory: String?
    /// The bucket, when `S3_BUCKET` (or the photo script's `BUCKET_NAME`) is set.
    public var s3: S3Settings?
}

extension MediaStorageSettings {
    init(_ reader: EnvironmentReader) throws(ConfigurationError) {
        let kind: Kind = try reader.choice("MEDIA_STORAGE", default: .database)
        let directory = reader.string("MEDIA_DIR")
        if kind == .filesystem, directory == nil {
            throw ConfigurationError(
                setting: "MEDIA_DIR",
                message: "MEDIA_STORAGE=filesystem needs MEDIA_DIR, a folder every instance shares")
        }
        var s3: S3Settings?
        if kind == .s3 || reader.first("S3_BUCKET", "BUCKET_NAME") != nil {
            do {
                s3 = try S3Settings(environment: reader.values)
            } catch {
                throw ConfigurationError(setting: nil, message: "\(error)")
            }
        }
        self.init(kind: kind, directory: directory, s3: s3)
    }
}
