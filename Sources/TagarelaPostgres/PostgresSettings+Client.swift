import Logging
import PostgresNIO

extension PostgresSettings {
    /// The pool configuration these settings describe.
    public var clientConfiguration: PostgresClient.Configuration {
        var configuration = PostgresClient.Configuration(
            host: host, port: port, username: username, password: password, database: database, tls: tls)
        configuration.options.maximumConnections = max(1, maximumConnections)
        configuration.options.connectTimeout = connectTimeout
        return configuration
    }

    /// A pool for these settings. It serves queries only while its `run()` runs (it is a ServiceLifecycle `Service`).
    public func makeClient(logger: Logger) -> PostgresClient {
        PostgresClient(configuration: clientConfiguration, backgroundLogger: logger)
    }

    /// The same encryption for one connection outside a pool.
    public var connectionTLS: PostgresConnection.Configuration.TLS {
        get throws {
            guard let configuration = tlsConfiguration else { return .disable }
            let context = try NIOSSLContext(configuration: configuration)
            return tlsMode == .prefer ? .prefer(context) : .require(context)
        }
    }

    var tls: PostgresClient.Configuration.TLS {
        guard let configuration = tlsConfiguration else { return .disable }
        // As libpq's prefer: encryption when the server offers it, plain otherwise.
        return tlsMode == .prefer ? .prefer(configuration) : .require(configuration)
    }

    /// How the connection is encrypted and verified; nil when it is not encrypted.
    var tlsConfiguration: TLSConfiguration? {
        let verification: CertificateVerification
        switch tlsMode {
        case .disable: return nil
        // prefer and no-verify check no identity: a certificate is not required to mean anything there.
        case .prefer, .noVerify: verification = .none
        case .require, .verifyFull: verification = .fullVerification
        case .verifyCA: verification = .noHostnameVerification
        }
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.certificateVerification = verification
        if let rootCertificatePath {
            configuration.trustRoots = .file(rootCertificatePath)
        }
        return configuration
    }
}
