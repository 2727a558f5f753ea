import Foundation
import TagarelaFakes
import TagarelaPostgres

/// The measurements, each on a fresh server process and database.
struct Phases {
    let world: BenchWorld

    func run(
        _ phases: Set<String>, seconds: Double, connections: Int, contacts: Int, rounds: Int,
        into report: inout Report
    ) async throws {
        if phases.contains("startup") { report.startup = try await startup() }
        if phases.contains("parsers") { report.parsers = ParserPhase.run() }
        if phases.contains("memory") { report.memory = try await MemoryPhase().run() }
        if phases.contains("ingest") {
            let ingest = try await ingest(seconds: seconds, connections: connections)
            report.ingestRate = ingest.rate
            report.ingestStored = ingest.stored
            report.peakResident = max(report.peakResident, ingest.peakResident)
        }
        if phases.contains("meta") {
            let ingest = try await ingest(seconds: seconds, connections: connections, kind: .meta)
            report.metaIngestRate = ingest.rate
            report.metaIngestStored = ingest.stored
            report.peakResident = max(report.peakResident, ingest.peakResident)
        }
        if phases.contains("overhead") {
            await world.openAI.setResponder { _ in .text("Resposta") }
            report.fakeRoundTrip = try await FakeRoundTrip.median(world)
            let overhead = try await overhead()
            report.overhead = overhead.latencies
            report.ownOverhead = overhead.own
            report.peakResident = max(report.peakResident, overhead.peakResident)
        }
        if phases.contains("burst") {
            let burst = try await burst(contacts: contacts)
            report.burst = burst.elapsed
            report.burstContacts = contacts
            report.peakResident = max(report.peakResident, burst.peakResident)
        }
        if phases.contains("voice") {
            report.voice = try await VoicePhase(world: world).run()
        }
        if phases.contains("photos") {
            report.photos = try await PhotoPhase(world: world).run()
        }
        if phases.contains("knowledge") {
            report.knowledge = try await KnowledgePhase(world: world).run(postgresURL: BenchPostgres.url())
        }
        if phases.contains("postgres") || phases.contains("cost") || phases.contains("scale")
            || phases.contains("recovery")
        {
            let postgres = BenchPostgres.url()
            if phases.contains("recovery") {
                await world.openAI.setResponder { _ in .text("Resposta") }
                report.recovery = try await RecoveryPhase(world: world).run(postgresURL: postgres)
            }
            if phases.contains("postgres"), let postgres {
                let database = try await PostgresTestDatabase.createDatabase(on: PostgresSettings(url: postgres))
                let url = ScalePhase(world: world, backlog: 0).url(of: database)
                report.postgresIngestRate = try await ingest(
                    seconds: seconds, connections: connections, databaseURL: url
                ).rate
                try? await PostgresTestDatabase.drop(database.database ?? "")
            }
            if phases.contains("cost"), let postgres {
                report.storeCost = try await StoreCostPhase(
                    world: world, rounds: rounds, seconds: seconds, connections: connections
                ).run(postgresURL: postgres)
            }
            if phases.contains("scale") {
                report.scale = try await ScalePhase(world: world, backlog: 1500).run(postgresURL: postgres)
            }
            report.postgresAvailable = postgres != nil
        }
    }

    /// Launch to a healthy `/health`, the median of five cold starts on new databases.
    func startup() async throws -> Duration {
        var times: [Duration] = []
        for run in 0..<5 {
            let server = try await ServerProcess(environment: world.environment("startup-\(run)"))
            times.append(server.startupTime)
            server.terminate()
        }
        return times.sorted()[times.count / 2]
    }

    /// Signed webhooks acknowledged per second, every one stored before its 200 (turns deferred, so the
    /// figure is the webhook path alone), then checked against the database's own count; with the CPU the
    /// server and a local PostgreSQL spent on the measured webhooks, and the statements it sent.
    func ingest(
        seconds: Double, connections: Int, databaseURL: String? = nil, kind: WebhookKind = .twilio,
        run: Int = 0
    ) async throws -> IngestFigures {
        var quiet = ["DEBOUNCE_MS": "600000", "DEBOUNCE_MAX_WAIT_MS": "600000"]
        if let databaseURL { quiet["DATABASE_URL"] = databaseURL }
        if kind == .meta { quiet.merge(BenchWorld.metaEnvironment) { $1 } }
        let server = try await ServerProcess(environment: world.environment("ingest-\(kind)-\(run)", quiet))
        defer { server.terminate() }
        let load = LoadGenerator(port: server.port)
        // Contacts write again and again: the warm-up meets each of them once, the measured run sees them back.
        let warmup = SignedWebhooks.make(kind, count: 3000, contacts: 1000, batch: 1)
        _ = await load.run(warmup, connections: connections, duration: nil)
        let webhooks = SignedWebhooks.make(kind, count: Int(seconds * 40_000), contacts: 1000, batch: 2)
        let before = try await CostReading(server: server, databaseURL: databaseURL)
        var figures = IngestFigures()
        var failures = 0
        if WrkLoad.isAvailable {
            (figures.rate, figures.acknowledged, figures.p99) = try WrkLoad.run(
                webhooks, port: server.port, connections: connections, seconds: seconds, directory: world.directory)
        } else {
            let result = await load.run(webhooks, connections: connections, duration: .interval(seconds))
            (figures.rate, figures.acknowledged, failures) = (
                Double(result.acknowledged) / result.elapsed.seconds, result.acknowledged, result.failures
            )
        }
        figures.cost = try await CostReading(server: server, databaseURL: databaseURL) - before
        let stored = try await StatsClient.inboundCount(server.baseURL)
        // wrk may stop a request mid-flight at the end of its run: that one is stored but not counted.
        let complete = stored >= figures.acknowledged + 3000 && stored <= figures.acknowledged + 3000 + connections
        figures.stored = complete && failures == 0
        figures.peakResident = server.peakResidentBytes ?? 0
        return figures
    }

    /// From the start of a webhook POST to the fake Twilio receiving the reply, with an instant model,
    /// at a steady 100 messages a second from different contacts.
    func overhead() async throws -> (latencies: [Duration], own: [Duration], peakResident: Int) {
        await world.openAI.setResponder { _ in .text("Resposta") }
        let server = try await ServerProcess(environment: world.environment("overhead"))
        defer { server.terminate() }
        let load = LoadGenerator(port: server.port)
        let warmup = SignedWebhooks.make(count: 200, contacts: 200, firstContact: 8_000_000)
        _ = await load.run(warmup, connections: 8, duration: nil)
        _ = try await world.twilio.waitForSent(count: warmup.count, timeout: .seconds(30))
        let before = await world.twilio.sent().count
        let webhooks = SignedWebhooks.make(count: 500, contacts: 500, firstContact: 1_000_000)
        let starts = await load.paced(webhooks, interval: .milliseconds(10))
        let started = Dictionary(zip(webhooks.map(\.from), starts), uniquingKeysWith: { first, _ in first })
        let sent = try await world.twilio.waitForSent(count: before + webhooks.count, timeout: .seconds(30))
        let latencies = sent.dropFirst(before).compactMap { message in
            started[message.to].map { (message.to, message.receivedAt - $0) }
        }
        let modelWait = try ModelWait.byAddress(
            databasePath: world.directory.appendingPathComponent("overhead.sqlite").path)
        let own = latencies.map { address, total in total - (modelWait[address] ?? .zero) }
        return (latencies.map(\.1).sorted(), own.sorted(), server.peakResidentBytes ?? 0)
    }

    /// `contacts` contacts each send one message at once; the fake model takes 1 s per answer.
    func burst(contacts: Int) async throws -> (elapsed: Duration, peakResident: Int) {
        await world.openAI.setResponder { _ in .delayed(.seconds(1), .text("Resposta depois de 1 s")) }
        let wide = [
            "MAX_CONCURRENT_TURNS": "\(contacts)", "OUTBOX_CONCURRENCY": "\(contacts)",
            "HTTP_MAX_CONNECTIONS_PER_HOST": "\(contacts)",
        ]
        let server = try await ServerProcess(environment: world.environment("burst", wide))
        defer { server.terminate() }
        let before = await world.twilio.sent().count
        let webhooks = SignedWebhooks.make(count: contacts, contacts: contacts, firstContact: 2_000_000)
        let load = LoadGenerator(port: server.port)
        let started = ContinuousClock.now
        _ = await load.run(webhooks, connections: 64, duration: nil)
        _ = try await world.twilio.waitForSent(count: before + contacts, timeout: .seconds(60))
        let elapsed = ContinuousClock.now - started
        return (elapsed, server.peakResidentBytes ?? 0)
    }
}

extension Duration {
    var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }

    static func interval(_ seconds: Double) -> Duration { .nanoseconds(Int64(seconds * 1e9)) }
}
