import Foundation
import TagarelaFakes
import TagarelaPostgres

/// The same work on SQLite and on PostgreSQL, in alternating rounds (the machine is noisy, so each figure is
/// the median of its rounds): ingest rate and p99, CPU seconds per 1,000 webhooks and per 1,000 turns
/// (Tagarela's and the local PostgreSQL server's), and round trips per webhook and per turn.
struct StoreCostPhase {
    let world: BenchWorld
    let rounds: Int
    let seconds: Double
    let connections: Int
    /// Turns answered in each turn measurement, one per contact.
    let backlog = 1500

    struct Sample {
        var ingest = IngestFigures()
        var turns = CostReading()
        var turnsPerSecond: Double = 0
    }

    struct Result {
        var sqlite: [Sample] = []
        var postgres: [Sample] = []
        var backlog = 0
    }

    func run(postgresURL: String) async throws -> Result {
        await world.openAI.setResponder { _ in .text("Resposta") }
        var result = Result(backlog: backlog)
        for round in 0..<rounds {
            let sqlite = { (name: String) in "sqlite://\(world.directory.appendingPathComponent(name).path)" }
            result.sqlite.append(
                try await sample(
                    round: round * 2, ingestURL: sqlite("cost-ingest-\(round).sqlite"),
                    turnsURL: sqlite("cost-turns-\(round).sqlite")))
            result.postgres.append(
                try await onFreshDatabases(postgresURL) { ingestURL, turnsURL in
                    try await sample(round: round * 2 + 1, ingestURL: ingestURL, turnsURL: turnsURL)
                })
        }
        return result
    }

    private func sample(round: Int, ingestURL: String, turnsURL: String) async throws -> Sample {
        var sample = Sample()
        sample.ingest = try await Phases(world: world).ingest(
            seconds: seconds, connections: connections, databaseURL: ingestURL, run: round)
        (sample.turns, sample.turnsPerSecond) = try await turns(databaseURL: turnsURL, round: round)
        return sample
    }

    /// A `web` instance stores `backlog` messages whose turns fall due a few seconds later; one `worker`
    /// starts meanwhile, and its CPU and the database's are read before the first turn is due and after the
    /// last reply reached the fake Twilio.
    private func turns(databaseURL: String, round: Int) async throws -> (CostReading, Double) {
        let environment = world.environment(
            "cost-turns",
            [
                "DATABASE_URL": databaseURL, "MAX_CONCURRENT_TURNS": "64", "OUTBOX_CONCURRENCY": "64",
                "HTTP_MAX_CONNECTIONS_PER_HOST": "64", "DATABASE_POOL_SIZE": "16",
                // Long enough for the worker to start and be read before any turn is due.
                "DEBOUNCE_MS": "6000", "DEBOUNCE_MAX_WAIT_MS": "6000",
            ])
        let web = try await ServerProcess(environment: environment, arguments: ["--role", "web"])
        defer { web.terminate() }
        let webhooks = SignedWebhooks.make(
            count: backlog, contacts: backlog, firstContact: 6_000_000 + round * backlog)
        _ = await LoadGenerator(port: web.port).run(webhooks, connections: 32, duration: nil)
        var workerEnvironment = environment
        workerEnvironment["INSTANCE_ID"] = "cost-worker"
        let worker = try await ServerProcess(environment: workerEnvironment, arguments: ["--role", "worker"])
        defer { worker.terminate() }
        let sentBefore = await world.twilio.sent().count
        let before = try await CostReading(server: worker, databaseURL: databaseURL)
        guard await world.twilio.sent().count == sentBefore else {
            throw BenchError("turns were answered before the cost baseline was read: raise DEBOUNCE_MS")
        }
        let sent = try await world.twilio.waitForSent(count: sentBefore + backlog, timeout: .seconds(180))
        let cost = try await CostReading(server: worker, databaseURL: databaseURL) - before
        // The rate from the first reply to the last: the wait for the turns to fall due is not work.
        let replies = sent.dropFirst(sentBefore).map(\.receivedAt).sorted()
        let span = (replies.last ?? .now) - (replies.first ?? .now)
        return (cost, Double(backlog - 1) / max(span.seconds, 0.001))
    }

    /// Runs `body` with the URLs of two new databases on the server, dropped afterwards.
    private func onFreshDatabases<T>(
        _ postgresURL: String, _ body: (String, String) async throws -> T
    ) async throws -> T {
        let server = try PostgresSettings(url: postgresURL)
        let ingest = try await PostgresTestDatabase.createDatabase(on: server)
        let turns = try await PostgresTestDatabase.createDatabase(on: server)
        let scale = ScalePhase(world: world, backlog: 0)
        let drop = {
            try? await PostgresTestDatabase.drop(ingest.database ?? "")
            try? await PostgresTestDatabase.drop(turns.database ?? "")
        }
        do {
            let value = try await body(scale.url(of: ingest), scale.url(of: turns))
            await drop()
            return value
        } catch {
            await drop()
            throw error
        }
    }
}
