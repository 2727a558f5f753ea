import Foundation
import Logging
import TagarelaPostgres
import Testing

@testable import TagarelaServer

extension ConfigurationTests {
    // MARK: Database

    @Test(
        arguments: [
            ("sqlite://tagarela.sqlite", "tagarela.sqlite"), ("sqlite://data/t.sqlite", "data/t.sqlite"),
            ("sqlite:///var/lib/t.sqlite", "/var/lib/t.sqlite"), ("sqlite:t.sqlite", "t.sqlite"),
            ("sqlite:/abs/t.sqlite", "/abs/t.sqlite"), ("sqlite::memory:", ":memory:"), ("SQLITE://x.db", "x.db"),
            ("sqlite://my%20data.db", "my data.db"),
        ])
    func databaseURLForms(url: String, path: String) throws {
        let configuration = try Configuration.load(environment: ["DATABASE_URL": url, "SQLITE_SYNCHRONOUS": "FULL"])
        #expect(configuration.database == .sqlite(path: path, synchronous: .full))
    }

    @Test func postgresURLSelectsThePostgresStoreWithPoolSettings() throws {
        let configuration = try Configuration.load(environment: [
            "DATABASE_URL": "postgres://bot:s%40cret@db.example.com:6543/tagarela?sslmode=require",
            "DATABASE_POOL_SIZE": "7", "DATABASE_CONNECT_TIMEOUT_SECONDS": "3",
        ])
        guard case .postgres(let settings) = configuration.database else {
            Issue.record("not PostgreSQL: \(configuration.database)")
            return
        }
        #expect(settings.host == "db.example.com")
        #expect(settings.port == 6543)
        #expect(settings.password == "s@cret")
        #expect(settings.database == "tagarela")
        #expect(settings.tlsMode == .require)
        #expect(settings.maximumConnections == 7)
        #expect(settings.connectTimeout == .seconds(3))
        #expect(!configuration.summary.values.contains { $0.contains("s@cret") || $0.contains("s%40cret") })
    }

    @Test func olderScriptsPostgresVariablesWork() throws {
        let configuration = try Configuration.load(environment: [
            "POSTGRES_DB_HOST": "neon.example.com", "POSTGRES_DB_NAME": "bot", "POSTGRES_DB_USER": "u",
            "POSTGRES_DB_PASSWORD": "p",
        ])
        guard case .postgres(let settings) = configuration.database else {
            Issue.record("not PostgreSQL")
            return
        }
        #expect(settings.host == "neon.example.com")
        #expect(settings.port == 5432)
    }

    @Test func badPostgresURLNamesTheSettingWithoutThePassword() throws {
        let message = try error(["DATABASE_URL": "postgres://u:hunter2@db/x?sslmode=sometimes"]).description
        #expect(message.hasPrefix("DATABASE_URL"))
        #expect(!message.contains("hunter2"))
    }

    @Test func anUnknownDatabaseURLDoesNotEchoItsPassword() throws {
        let message = try error(["DATABASE_URL": "mysql://admin:hunter2@db/x"]).description
        #expect(message.hasPrefix("DATABASE_URL must be sqlite://PATH"))
        #expect(!message.contains("hunter2"))
    }
}
