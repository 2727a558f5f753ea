import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import TagarelaCore
import TagarelaFakes
import TagarelaSQLite
import Testing

@testable import TagarelaServer

@Suite("Health: a bare public answer, the details behind the admin token", .timeLimit(.minutes(3)))
struct HealthTests {
    static let admin: HTTPFields = [.authorization: "Bearer \(TestWorld.adminToken)"]

    @Test func publicHealthSaysOnlyOk() async throws {
        try await TestWorld.with { world in
            try await world.withServer { client in
                let response = try await client.execute(uri: "/health", method: .get, headers: [:], body: nil)
                #expect(response.status == .ok)
                #expect(String(buffer: response.body) == #"{"status":"ok"}"#)
            }
        }
    }

    @Test func apiHealthNeedsTheAdminTokenAndNamesEachPart() async throws {
        try await TestWorld.with { world in
            try await world.withServer { client in
                for headers: HTTPFields in [[:], [.authorization: "Bearer nope"]] {
                    let refused = try await client.execute(
                        uri: "/api/health", method: .get, headers: headers, body: nil)
                    #expect(refused.status == .unauthorized)
                    #expect(!String(buffer: refused.body).contains("Database"))
                }
                let response = try await client.execute(
                    uri: "/api/health", method: .get, headers: Self.admin, body: nil)
                #expect(response.status == .ok)
                let report = try JSONDecoder().decode(Report.self, from: Data(response.body.readableBytesView))
                #expect(report.status == "ok")
                #expect(report.version == TagarelaVersion.current)
                #expect(report.database == .init(name: "Database", state: "ok", ok: true))
                #expect(report.channels.map(\.name) == ["Twilio", "Meta WhatsApp"])
                #expect(report.channels.allSatisfy { $0.state == "0 sent, 0 failed (24 h)" })
                #expect(report.model.ok)
            }
        }
    }

    @Test func aDatabaseFailureIsLoggedAndShownOnlyBehindTheToken() async throws {
        try await TestWorld.with { world in
            // A pool opens its reading connections when it first reads: with its file gone, that fails.
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("health-\(UUID())")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let pool = try DatabasePool(path: directory.appendingPathComponent("gone.sqlite").path)
            try FileManager.default.removeItem(at: directory)
            let log = LogCapture()
            let router = Router()
            HealthController(
                store: ConversationSQLiteStore(writer: pool), configuration: try world.configuration(),
                auth: AdminAuth(token: TestWorld.adminToken), timeSource: SystemTimeSource()
            ).addRoutes(to: router)
            let app = Application(router: router, logger: log.logger())
            try await app.test(.router) { client in
                let health = try await client.execute(uri: "/health", method: .get, headers: [:], body: nil)
                #expect(health.status == .serviceUnavailable)
                #expect(String(buffer: health.body) == #"{"status":"unavailable"}"#)
                let details = try await client.execute(uri: "/api/health", method: .get, headers: Self.admin, body: nil)
                #expect(details.status == .serviceUnavailable)
                let report = try JSONDecoder().decode(Report.self, from: Data(details.body.readableBytesView))
                #expect(report.status == "unavailable")
                #expect(!report.database.ok)
                #expect(report.database.state != "ok" && !report.database.state.isEmpty)
                let logged = log.lines.filter { $0.message == "health check failed" }
                #expect(logged.count == 1)
                #expect(logged.first?.metadata["Database"] == report.database.state)
                #expect(logged.first?.metadata["Twilio"] == "sends unknown (database)")
            }
        }
    }

    /// `/api/health`'s JSON.
    struct Report: Decodable {
        struct Part: Decodable, Equatable {
            var name: String
            var state: String
            var ok: Bool
        }
        var status: String
        var version: String
        var database: Part
        var channels: [Part]
        var model: Part
    }
}
