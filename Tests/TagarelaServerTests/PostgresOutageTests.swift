import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import TagarelaFakes
import TagarelaPostgres
import Testing

/// What a user sees when PostgreSQL is not there: a start-up that stops with one clear line, and a
/// `/health` that turns red within seconds instead of PostgresNIO's minute.
@Suite(
    "PostgreSQL outages", .serialized,
    .enabled(if: PostgresTestDatabase.isEnabled, Comment(rawValue: PostgresTestDatabase.skipped)),
    .timeLimit(.minutes(10)))
struct PostgresOutageTests {
    @Test func unreachableDatabaseStopsStartUpWithOneClearLine() async throws {
        try await TestWorld.with { world in
            let closedPort = try ServerProcess.freePort()
            let environment = world.environment([
                "DATABASE_URL": "postgres://tagarela:secret-password@127.0.0.1:\(closedPort)/tagarela?sslmode=disable",
                "DATABASE_CONNECT_TIMEOUT_SECONDS": "2",
            ])
            let started = ContinuousClock.now
            do {
                let server = try await ServerProcess(environment: environment)
                server.terminate()
                Issue.record("the server started without its database")
            } catch let error as ServerProcessError {
                #expect(error.description.contains("cannot prepare the PostgreSQL database"))
                #expect(!error.description.contains("secret-password"))
            }
            #expect(ContinuousClock.now - started < .seconds(20))
        }
    }

    @Test func healthTurnsRedWithinSecondsWhenTheDatabaseGoesAway() async throws {
        let database = try await PostgresTestDatabase.createDatabase(on: try PostgresTestDatabase.server())
        try await TestWorld.with { world in
            let url =
                "postgres://\(database.username)@\(database.host):\(database.port)/\(database.database ?? "")"
                + "?sslmode=disable"
            let server = try await ServerProcess(environment: world.environment(["DATABASE_URL": url]))
            #expect(try await health(server) == 200)
            // Dropping the database ends every connection to it, as an outage would.
            try await PostgresTestDatabase.drop(database.database ?? "")
            let started = ContinuousClock.now
            let status = try await health(server)
            #expect(status == 503)
            // Well short of the minute PostgresNIO would otherwise keep retrying.
            #expect(ContinuousClock.now - started < .seconds(30))
            // Stopping does not wait for the pool to give up on the lost database.
            let stopping = ContinuousClock.now
            server.terminate()
            #expect(ContinuousClock.now - stopping < .seconds(15))
        }
    }

    func health(_ server: ServerProcess) async throws -> Int {
        let request = HTTPClientRequest(url: server.baseURL + "/health")
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        return Int(response.status.code)
    }
}
