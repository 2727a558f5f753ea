import Foundation

extension S3Settings {
    /// Reads `S3_ENDPOINT`, `S3_BUCKET`, `S3_PREFIX`, `S3_REGION`, `S3_FORCE_PATH_STYLE`, `AWS_ACCESS_KEY_ID` and
    /// `AWS_SECRET_ACCESS_KEY`; the photo script's `BUCKET_NAME` and `PREFIX` are accepted for `S3_BUCKET` and
    /// `S3_PREFIX`. An empty value counts as unset. The first problem found is thrown, naming its setting.
    public init(environment: [String: String]) throws(S3SettingsError) {
        func value(_ name: String) -> String? {
            environment[name].flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 }
        }
        func value(_ name: String, alias: String) throws(S3SettingsError) -> String? {
            if let primary = value(name), let old = value(alias), primary != old {
                throw .conflicting(setting: name, alias: alias)
            }
            return value(name) ?? value(alias)
        }

        let endpoint = try value("S3_ENDPOINT").map { text throws(S3SettingsError) in try Self.endpoint(text) }
        guard let bucket = try value("S3_BUCKET", alias: "BUCKET_NAME") else { throw .missing(setting: "S3_BUCKET") }
        if let problem = Self.bucketProblem(bucket) { throw .invalid(setting: "S3_BUCKET", reason: problem) }
        let region = value("S3_REGION") ?? Self.defaultRegion
        guard region.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-") }) else {
            throw .invalid(setting: "S3_REGION", reason: "'\(region)' is not a region name like us-east-1 or fr-par")
        }
        let forcePathStyle = try value("S3_FORCE_PATH_STYLE").map { text throws(S3SettingsError) in
            switch text.lowercased() {
            case "true", "1", "yes", "on": return true
            case "false", "0", "no", "off": return false
            default: throw .invalid(setting: "S3_FORCE_PATH_STYLE", reason: "'\(text)' is not true or false")
            }
        }
        guard let accessKeyID = value("AWS_ACCESS_KEY_ID") else { throw .missing(setting: "AWS_ACCESS_KEY_ID") }
        guard let secretAccessKey = value("AWS_SECRET_ACCESS_KEY") else {
            throw .missing(setting: "AWS_SECRET_ACCESS_KEY")
        }

        self.init(
            endpoint: endpoint, bucket: bucket, prefix: try value("S3_PREFIX", alias: "PREFIX") ?? "", region: region,
            forcePathStyle: forcePathStyle,
            credentials: S3Credentials(accessKeyID: accessKeyID, secretAccessKey: secretAccessKey))
        // A dotted bucket name in the host name does not match the service's wildcard certificate.
        if !self.forcePathStyle, bucket.contains("."), self.endpoint?.scheme != "http" {
            throw .invalid(
                setting: "S3_FORCE_PATH_STYLE",
                reason: "the bucket name has dots, which break TLS in the host name: set S3_FORCE_PATH_STYLE=true")
        }
    }

    /// An http or https base URL with a host and nothing after the path.
    static func endpoint(_ text: String) throws(S3SettingsError) -> URL {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let host = url.host, !host.isEmpty, url.query == nil, url.fragment == nil
        else {
            throw .invalid(
                setting: "S3_ENDPOINT", reason: "'\(text)' is not an http(s) URL like https://s3.fr-par.scw.cloud")
        }
        return url
    }

    /// What is wrong with a bucket name by S3's rules (3-63 lowercase letters, digits, dots and hyphens, starting and
    /// ending with a letter or digit), or nil.
    static func bucketProblem(_ bucket: String) -> String? {
        let allowed = bucket.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "." || $0 == "-") }
        guard allowed, (3...63).contains(bucket.count), let first = bucket.first, let last = bucket.last,
            first.isLetter || first.isNumber, last.isLetter || last.isNumber
        else {
            return "'\(bucket)' is not a bucket name: 3-63 lowercase letters, digits, dots and hyphens"
        }
        return nil
    }
}
