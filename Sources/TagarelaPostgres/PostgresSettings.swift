import Foundation

/// Where and how to reach PostgreSQL, usually from `DATABASE_URL`
/// (`postgres://user:password@host:5432/database?sslmode=require`).
///
/// `sslmode` follows libpq's names, with one deliberate difference: `require` verifies the certificate,
/// because hosted providers present a valid one and an unverified connection is open to impersonation.
/// - `disable`: no TLS.
/// - `prefer` (the default, as in libpq): TLS without verification when the server offers it, plain otherwise.
/// - `require`, `verify-full`: TLS; the chain and the host name are verified.
/// - `verify-ca`: TLS; the chain is verified, the host name is not.
/// - `no-verify`: TLS without any verification (a self-signed server on a network you trust).
///
/// `sslrootcert=PATH` trusts the CA certificates in that PEM file instead of the system's.
public struct PostgresSettings: Sendable, Equatable, CustomStringConvertible {
    /// How the connection is encrypted and verified: libpq's `sslmode` values plus `no-verify`.
    public enum TLSMode: String, Sendable, Equatable, CaseIterable {
        case disable
        case prefer
        case require
        case verifyCA = "verify-ca"
        case verifyFull = "verify-full"
        case noVerify = "no-verify"
    }

    public var host: String
    public var port: Int
    public var username: String
    public var password: String?
    /// The database to open; nil opens the one named after the user, as PostgreSQL does.
    public var database: String?
    public var tlsMode: TLSMode
    /// A PEM file of CA certificates to trust instead of the system's (`sslrootcert`).
    public var rootCertificatePath: String?
    /// The most connections this instance's pool opens.
    public var maximumConnections: Int
    /// How long opening one connection may take (PostgresNIO's own default waits far longer).
    public var connectTimeout: Duration

    public init(
        host: String, port: Int = 5432, username: String, password: String? = nil, database: String? = nil,
        tlsMode: TLSMode = .prefer, rootCertificatePath: String? = nil, maximumConnections: Int = 20,
        connectTimeout: Duration = .seconds(5)
    ) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.database = database
        self.tlsMode = tlsMode
        self.rootCertificatePath = rootCertificatePath
        self.maximumConnections = maximumConnections
        self.connectTimeout = connectTimeout
    }

    /// Parses a `postgres://` or `postgresql://` URL. User name and password are percent-decoded; the port
    /// defaults to 5432. Errors name `DATABASE_URL` and never repeat the password.
    public init(url: String) throws(PostgresSettingsError) {
        let setting = "DATABASE_URL"
        // The raw URL is never quoted back: it may carry the password.
        guard let components = URLComponents(string: url) else {
            throw PostgresSettingsError(
                setting: setting,
                message: "is not a valid URL (percent-encode special characters in the user name and password)")
        }
        guard let scheme = components.scheme?.lowercased(), scheme == "postgres" || scheme == "postgresql" else {
            throw PostgresSettingsError(setting: setting, message: "must start with postgres:// or postgresql://")
        }
        guard let host = components.host, !host.isEmpty else {
            throw PostgresSettingsError(setting: setting, message: "has no host (postgres://USER:PASSWORD@HOST/DB)")
        }
        guard let user = components.user, !user.isEmpty else {
            throw PostgresSettingsError(
                setting: setting, message: "has no user name (postgres://USER:PASSWORD@HOST/DB)")
        }
        let port = components.port ?? 5432
        guard (1...65535).contains(port) else {
            throw PostgresSettingsError(setting: setting, message: "has an invalid port \(port)")
        }
        var path = components.path
        if path.hasPrefix("/") { path.removeFirst() }
        guard !path.contains("/") else {
            throw PostgresSettingsError(setting: setting, message: "has a path that is not a database name")
        }
        let query = components.queryItems ?? []
        let mode = try Self.tlsMode(query.last { $0.name == "sslmode" }?.value, setting: setting)
        self.init(
            host: host, port: port, username: user, password: components.password,
            database: path.isEmpty ? nil : path, tlsMode: mode,
            rootCertificatePath: query.last { $0.name == "sslrootcert" }?.value)
    }

    /// Reads an `sslmode` value; nil means the default, `prefer`.
    static func tlsMode(_ raw: String?, setting: String) throws(PostgresSettingsError) -> TLSMode {
        guard let raw, !raw.isEmpty else { return .prefer }
        guard let mode = TLSMode(rawValue: raw.lowercased()) else {
            let allowed = TLSMode.allCases.map(\.rawValue).joined(separator: ", ")
            throw PostgresSettingsError(
                setting: setting, message: "has an unknown sslmode '\(raw.prefix(32))' (use one of: \(allowed))")
        }
        return mode
    }

    /// The settings spelled back as a URL without the password, safe to log.
    public var redactedURL: String {
        let user = username.addingPercentEncoding(withAllowedCharacters: .urlUserAllowed) ?? username
        let secret = password == nil ? "" : ":…"
        let shownHost = host.contains(":") ? "[\(host)]" : host
        var url = "postgres://\(user)\(secret)@\(shownHost):\(port)/\(database ?? "")?sslmode=\(tlsMode.rawValue)"
        if let rootCertificatePath { url += "&sslrootcert=\(rootCertificatePath)" }
        return url
    }

    public var description: String { redactedURL }
}
