import Foundation
import TagarelaFakes
import TagarelaPostgres

/// How long a contact waits after a crash: a turn is interrupted mid-model-call by `kill -9`, a new process starts
/// at once on the same database (the same `INSTANCE_ID`, as a supervisor restarts it, and another name, as a
/// container with a new host name would), and the time from the restart to the reply reaching the fake Twilio is
/// measured, checking it is sent exactly once. The median of a few rounds per case.
struct RecoveryPhase {
    let world: BenchWorld
    var rounds = 3

    struct Result {
        var store: String
        var sameName: Bool
        var median: Duration
        var exactlyOnce: Bool
    }

    func run(postgresURL: String?) async throws -> [Result] {
        var results: [Result] = []
        for sameName in [true, false] {
            results.append(
                try await measure("SQLite", sameName: sameName) { round in
                    "sqlite://\(world.directory.appendingPathComponent("recovery-\(sameName)-\(round).sqlite").path)"
                })
        }
        if let postgresURL {
            for sameName in [true, false] {
                var databases: [String] = []
                results.append(
                    try await measure("PostgreSQL", sameName: sameName) { _ in
                        let database = try await PostgresTestDatabase.createDatabase(
                            on: PostgresSettings(url: postgresURL))
                        databases.append(database.database ?? "")
                        return ScalePhase(world: world, backlog: 0).url(of: database)
                    })
                for name in databases { try? await PostgresTestDatabase.drop(name) }
            }
        }
        return results
    }

    private func measure(
        _ store: String, sameName: Bool, database: (Int) async throws -> String
    ) async throws -> Result {
        var times: [Duration] = []
        var exactlyOnce = true
        for round in 0..<rounds {
            let url = try await database(round)
            var overrides = ["DATABASE_URL": url]
            // Unset, each process is named hostname-pid: the successor has another name.
            if !sameName { overrides["INSTANCE_ID"] = "" }
            let environment = world.environment("recovery", overrides)
            let sentBefore = await world.twilio.sent().count
            let asked = await world.openAI.requestCount()
            await world.openAI.enqueue([.hang])
            let first = try await ServerProcess(environment: environment)
            let webhook = SignedWebhooks.make(count: 1, contacts: 1, firstContact: 7_000_000 + round)
            _ = await LoadGenerator(port: first.port).run(webhook, connections: 1, duration: nil)
            try await waitUntil("the model asked", timeout: .seconds(30)) {
                await world.openAI.requestCount() > asked
            }
            first.kill9()
            let restarted = ContinuousClock.now
            let second = try await ServerProcess(environment: environment)
            _ = try await world.twilio.waitForSent(count: sentBefore + 1, timeout: .seconds(120))
            times.append(ContinuousClock.now - restarted)
            // Settled: nothing left to send, so a second copy would have shown up by now.
            try await waitUntil("the queue empty", timeout: .seconds(30)) {
                let queue = try await StatsClient.queue(second.baseURL)
                return queue.pendingTurns == 0 && queue.pendingOutbound == 0
            }
            let sent = await world.twilio.sent().count
            exactlyOnce = exactlyOnce && sent == sentBefore + 1
            _ = second.terminate()
        }
        return Result(
            store: store, sameName: sameName, median: times.sorted()[times.count / 2], exactlyOnce: exactlyOnce)
    }
}
