import Foundation
import TagarelaFakes
import TagarelaPostgres

/// Turns per second with 1, 2 and 3 worker instances sharing one database, on SQLite and on PostgreSQL:
/// a `web` instance stores a backlog of messages from different contacts, then `worker` instances start
/// together and drain it, the fake model taking 200 ms per answer.
struct ScalePhase {
    let world: BenchWorld
    let backlog: Int

    struct Result {
        var store: String
        var workers: Int
        var turnsPerSecond: Double
        /// CPU the workers used while draining, in cores (CPU seconds per second).
        var workerCores: Double = 0
        /// The same for the local PostgreSQL server; nil for SQLite.
        var databaseCores: Double?
    }

    func run(postgresURL: String?) async throws -> [Result] {
        await world.openAI.setResponder { _ in .delayed(.milliseconds(200), .text("Resposta")) }
        var results: [Result] = []
        for workers in 1...3 {
            let sqlite = world.directory.appendingPathComponent("scale-\(workers).sqlite").path
            results.append(try await measure("SQLite", databaseURL: "sqlite://\(sqlite)", workers: workers))
        }
        if let postgresURL {
            for workers in 1...3 {
                let database = try await PostgresTestDatabase.createDatabase(on: PostgresSettings(url: postgresURL))
                results.append(
                    try await measure("PostgreSQL", databaseURL: url(of: database), workers: workers))
                try? await PostgresTestDatabase.drop(database.database ?? "")
            }
        }
        return results
    }

    func measure(_ store: String, databaseURL: String, workers: Int) async throws -> Result {
        let environment = world.environment(
            "scale",
            [
                "DATABASE_URL": databaseURL, "MAX_CONCURRENT_TURNS": "64", "OUTBOX_CONCURRENCY": "64",
                "HTTP_MAX_CONNECTIONS_PER_HOST": "64", "DATABASE_POOL_SIZE": "16",
            ])
        let web = try await ServerProcess(environment: environment, arguments: ["--role", "web"])
        defer { web.terminate() }
        let webhooks = SignedWebhooks.make(
            count: backlog, contacts: backlog, firstContact: 3_000_000 + workers * backlog)
        _ = await LoadGenerator(port: web.port).run(webhooks, connections: 32, duration: nil)
        let before = await world.twilio.sent().count
        let port = CostReading.localPostgresPort(databaseURL)
        let databaseBefore = port.flatMap(ProcessCPU.postgresSeconds(port:))
        let started = ContinuousClock.now
        let instances = try await withThrowingTaskGroup(of: ServerProcess.self) { group in
            for index in 0..<workers {
                var worker = environment
                worker["INSTANCE_ID"] = "worker-\(index)"
                group.addTask { [worker] in
                    try await ServerProcess(environment: worker, arguments: ["--role", "worker"])
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        defer { instances.forEach { $0.terminate() } }
        _ = try await world.twilio.waitForSent(count: before + backlog, timeout: .seconds(120))
        let elapsed = ContinuousClock.now - started
        let workerCPU = instances.compactMap { ProcessCPU.seconds(of: $0.pid) }.reduce(0, +)
        let databaseAfter = port.flatMap(ProcessCPU.postgresSeconds(port:))
        var result = Result(store: store, workers: workers, turnsPerSecond: Double(backlog) / elapsed.seconds)
        result.workerCores = workerCPU / elapsed.seconds
        if let databaseBefore, let databaseAfter {
            result.databaseCores = (databaseAfter - databaseBefore) / elapsed.seconds
        }
        return result
    }

    func url(of settings: PostgresSettings) -> String {
        "postgres://\(settings.username)@\(settings.host):\(settings.port)/\(settings.database ?? "")?sslmode=disable"
    }
}
