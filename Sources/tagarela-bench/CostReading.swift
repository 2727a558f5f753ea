import Foundation
import TagarelaFakes
import TagarelaPostgres

/// What a measured stretch of work cost: CPU seconds of the Tagarela process and of the local PostgreSQL
/// server (nil for SQLite, or a database on another machine), and the statements the server sent its database.
struct CostReading {
    var serverCPU: Double = 0
    var databaseCPU: Double?
    var roundTrips = 0

    /// The readings now, for `server` and the PostgreSQL server that `databaseURL` names when it is local.
    init(server: ServerProcess, databaseURL: String?) async throws {
        serverCPU = ProcessCPU.seconds(of: server.pid) ?? 0
        databaseCPU = Self.localPostgresPort(databaseURL).flatMap(ProcessCPU.postgresSeconds(port:))
        roundTrips = try await StatsClient.roundTrips(server.baseURL)
    }

    init() {}

    static func - (after: CostReading, before: CostReading) -> CostReading {
        var cost = CostReading()
        cost.serverCPU = after.serverCPU - before.serverCPU
        if let end = after.databaseCPU, let start = before.databaseCPU { cost.databaseCPU = end - start }
        cost.roundTrips = after.roundTrips - before.roundTrips
        return cost
    }

    /// Tagarela's and the database's CPU together.
    var totalCPU: Double { serverCPU + (databaseCPU ?? 0) }

    /// The port of the PostgreSQL server `databaseURL` names when it runs on this machine; nil otherwise (SQLite too).
    static func localPostgresPort(_ databaseURL: String?) -> Int? {
        guard let databaseURL, databaseURL.hasPrefix("postgres"),
            let settings = try? PostgresSettings(url: databaseURL),
            ["127.0.0.1", "localhost", "::1"].contains(settings.host)
        else { return nil }
        return settings.port
    }
}

/// The ingest phase's figures.
struct IngestFigures {
    var rate: Double = 0
    var acknowledged = 0
    /// From wrk's latency distribution; nil with the built-in load generator.
    var p99: Duration?
    var stored = true
    var peakResident = 0
    var cost = CostReading()
}
