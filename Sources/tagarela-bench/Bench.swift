import ArgumentParser
import Foundation
import TagarelaFakes

#if canImport(Glibc)
    import Glibc
#endif

/// `tagarela-bench`: starts the real release server on loopback against fast fakes and prints its figures.
/// Build first: `swift build -c release`, then `swift run -c release tagarela-bench`.
@main
struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tagarela-bench", abstract: "Measure Tagarela's throughput, latency, start-up and memory.")

    @Option(help: "Seconds of webhook load for the ingest figure.")
    var seconds: Double = 5

    @Option(help: "Concurrent connections for the ingest figure.")
    var connections = 64

    @Option(help: "Contacts in the burst figure (each sends one message; the fake model takes 1 s).")
    var contacts = 1000

    @Option(help: "Rounds of the cost phase (SQLite and PostgreSQL alternately; the medians are reported).")
    var rounds = 3

    @Option(
        help:
            "Run only these phases (comma-separated: startup, parsers, ingest, meta, overhead, burst, voice, photos, knowledge, memory, postgres, cost, scale, recovery)."
    )
    var only: String?

    func run() async throws {
        raiseOpenFileLimit()
        let world = try await BenchWorld.start()
        var report = Report()
        do {
            let phases = Set(
                (only
                    ?? "startup,parsers,ingest,meta,overhead,burst,voice,photos,knowledge,memory,postgres,cost,scale,recovery")
                    .split(
                        separator: ","
                    )
                    .map(
                        String.init))
            try await Phases(world: world).run(
                phases, seconds: seconds, connections: connections, contacts: contacts, rounds: rounds,
                into: &report)
        } catch {
            await world.stop()
            throw error
        }
        await world.stop()
        report.print()
    }

    /// A thousand connections in flight need more than the default 1,024 descriptors; the server inherits it.
    func raiseOpenFileLimit() {
        var limit = rlimit()
        getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        limit.rlim_cur = limit.rlim_max
        setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
    }
}
