import Foundation
import PostgresNIO
import TagarelaCore
import TagarelaFakes
import Testing

@testable import TagarelaPostgres

/// Reading `DATABASE_URL` and the older `POSTGRES_DB_*` variables; none of it needs a server.
@Suite("Storage: PostgreSQL settings", .timeLimit(.minutes(3)))
struct PostgresSettingsTests {
    /// A failure as NIOSSL reports BoringSSL's refusal of the server's chain.
    struct RefusedChain: Error, CustomStringConvertible {
        var description: String {
            "handshakeFailed(sslError([Error: 268435581 error:1000007d:SSL routines:OPENSSL_internal:CERTIFICATE_VERIFY_FAILED]))"
        }
    }

    @Test func aRefusedCertificateNamesTheSettingThatAcceptsIt() throws {
        let hosted = try PostgresSettings(url: "postgresql://user:pass@ep-cool.neon.tech/db?sslmode=require")
        let hint = try #require(hosted.certificateHint(for: RefusedChain()))
        #expect(hint.contains("sslmode=no-verify") && hint.contains("sslrootcert="))
        #expect(hosted.certificateHint(for: StorageError.unavailable("connection refused")) == nil)
        let unverified = try PostgresSettings(url: "postgresql://user:pass@ep-cool.neon.tech/db?sslmode=no-verify")
        #expect(unverified.certificateHint(for: RefusedChain()) == nil)
    }

    @Test func readsEveryPartOfTheURL() throws {
        let settings = try PostgresSettings(
            url: "postgres://tagarela:p%40ss%3Aw%2Frd@db.example.com:6543/conversas?sslmode=require")
        #expect(settings.host == "db.example.com")
        #expect(settings.port == 6543)
        #expect(settings.username == "tagarela")
        #expect(settings.password == "p@ss:w/rd")
        #expect(settings.database == "conversas")
        #expect(settings.tlsMode == .require)
        #expect(settings.maximumConnections == 20)
        #expect(settings.connectTimeout == .seconds(5))
        #expect(!settings.redactedURL.contains("p@ss"))
    }

    @Test func defaultsFollowLibpq() throws {
        let settings = try PostgresSettings(url: "postgresql://ana@localhost/tagarela")
        #expect(settings.port == 5432)
        #expect(settings.password == nil)
        #expect(settings.tlsMode == .prefer)
        #expect(try PostgresSettings(url: "postgres://ana@localhost").database == nil)
    }

    @Test(
        arguments: [
            ("disable", nil),
            ("prefer", CertificateVerification.none),
            ("require", .fullVerification),
            ("verify-full", .fullVerification),
            ("verify-ca", .noHostnameVerification),
            ("no-verify", CertificateVerification.none),
        ] as [(String, CertificateVerification?)])
    func sslModes(mode: String, verification: CertificateVerification?) throws {
        let settings = try PostgresSettings(url: "postgres://ana@db.example.com/tagarela?sslmode=\(mode)")
        #expect(settings.tlsMode.rawValue == mode)
        #expect(settings.tlsConfiguration?.certificateVerification == verification)
    }

    @Test func rootCertificateIsTrusted() throws {
        let settings = try PostgresSettings(
            url: "postgres://ana@db.example.com/tagarela?sslmode=verify-full&sslrootcert=/etc/ssl/provider.pem")
        #expect(settings.rootCertificatePath == "/etc/ssl/provider.pem")
        #expect(settings.tlsConfiguration?.trustRoots == .file("/etc/ssl/provider.pem"))
    }

    @Test(arguments: [
        "mysql://ana:s3cr3tPW@db.example.com/tagarela",
        "postgres://ana:s3cr3tPW@db.example.com/tagarela?sslmode=allow-ish",
        "postgres://:s3cr3tPW@db.example.com/tagarela",
        "postgres://ana:s3cr3tPW@/tagarela",
        "postgres://ana:s3cr3tPW@db.example.com:99999/tagarela",
        "postgres://ana:s3cr3tPW@db.example.com/a/b",
        "postgres://ana:s3cr3tPW@db example.com/tagarela",
    ])
    func badURLsAreOneLineWithoutThePassword(url: String) {
        do {
            _ = try PostgresSettings(url: url)
            Issue.record("accepted \(url)")
        } catch {
            #expect(error.setting == "DATABASE_URL")
            #expect(error.description.hasPrefix("DATABASE_URL "))
            #expect(!error.description.contains("s3cr3tPW"))
            #expect(!error.description.contains("\n"))
        }
    }

    @Test func olderScriptsVariables() throws {
        let environment = [
            "POSTGRES_DB_HOST": "10.0.0.5", "POSTGRES_DB_PORT": "5433", "POSTGRES_DB_NAME": "tagarela",
            "POSTGRES_DB_USER": "bot", "POSTGRES_DB_PASSWORD": "s3cr3tPW",
        ]
        let settings = try #require(try PostgresSettings.fromLegacyVariables(environment))
        #expect(settings.host == "10.0.0.5")
        #expect(settings.port == 5433)
        #expect(settings.database == "tagarela")
        #expect(settings.username == "bot")
        #expect(settings.password == "s3cr3tPW")
        #expect(settings.tlsMode == .prefer)
        #expect(try PostgresSettings.fromLegacyVariables(["PATH": "/bin"]) == nil)
        var noHost = environment
        noHost["POSTGRES_DB_HOST"] = nil
        #expect(throws: PostgresSettingsError.self) { try PostgresSettings.fromLegacyVariables(noHost) }
        var badPort = environment
        badPort["POSTGRES_DB_PORT"] = "fifty"
        do {
            _ = try PostgresSettings.fromLegacyVariables(badPort)
            Issue.record("accepted a bad port")
        } catch {
            #expect(error.setting == "POSTGRES_DB_PORT")
            #expect(!error.description.contains("s3cr3tPW"))
        }
    }

    @Test(.timeLimit(.minutes(1)))
    func healthCheckFailsFastWhenNobodyListens() async throws {
        // Port 1 on loopback: nothing listens there, so every connection attempt is refused.
        let store = ConversationPostgresStore(
            settings: PostgresSettings(host: "127.0.0.1", port: 1, username: "nobody", tlsMode: .disable),
            logger: PostgresTestDatabase.quiet)
        let client = store.client
        let running = Task { await client.run() }
        defer { running.cancel() }
        let started = ContinuousClock.now
        await #expect(throws: StorageError.self) { try await store.checkHealth() }
        // Without its own timeout the pool would retry for about a minute; the bound leaves room for a loaded
        // machine while still telling the two apart.
        #expect(ContinuousClock.now - started < .seconds(30))
    }
}
