import Foundation

/// The figures, printed against the targets of the foundation issue.
struct Report {
    var startup: Duration = .zero
    var ingestRate: Double = 0
    var ingestStored = true
    var overhead: [Duration] = []
    /// The same, less the time each turn waited for the model.
    var ownOverhead: [Duration] = []
    var burst: Duration = .zero
    var burstContacts = 0
    var peakResident = 0
    var fakeRoundTrip: Duration = .zero
    var postgresIngestRate: Double?
    /// Meta Cloud API webhooks (JSON, X-Hub-Signature-256), measured like the Twilio ingest.
    var metaIngestRate: Double?
    var metaIngestStored = true
    var scale: [ScalePhase.Result] = []
    var recovery: [RecoveryPhase.Result] = []
    var postgresAvailable = true
    /// The slowest parser on each 1 MB adversarial input.
    var parsers: [ParserPhase.Result] = []
    /// Photos received at once, kept and filed (its own peak RSS: photos are not the messaging load's target).
    var photos: PhotoPhase.Result?
    /// Retrieval over a large knowledge base, and indexing.
    var knowledge: KnowledgePhase.Result?
    /// Tokens per turn as one conversation grows, with the running summary.
    var memory: [MemoryPhase.Point] = []
    /// A voice note answered by voice: the classic pipeline against the realtime one.
    var voice: VoicePhase.Result?
    /// SQLite against PostgreSQL, alternating rounds: rates, CPU per work and round trips.
    var storeCost: StoreCostPhase.Result?

    func print() {
        func ms(_ duration: Duration) -> String { String(format: "%.2f ms", duration.seconds * 1000) }
        func percentile(_ p: Double, of values: [Duration]? = nil) -> Duration {
            let values = values ?? overhead
            return values.isEmpty ? .zero : values[min(values.count - 1, Int(Double(values.count) * p))]
        }
        let rows: [(String, String, String, Bool)] = [
            (
                "ingest (64 connections\(WrkLoad.isAvailable ? ", wrk" : ""), signed, stored)",
                String(format: "%.0f msg/s", ingestRate), ">= 10000 msg/s",
                ingestRate >= 10_000 && ingestStored
            ),
            ("webhook -> send, p50 (fake model included)", ms(percentile(0.50)), "", true),
            ("webhook -> send, p99 (fake model included)", ms(percentile(0.99)), "", true),
            ("  (one call to a fake, from this process)", ms(fakeRoundTrip), "", true),
            ("server's own overhead p50 (model wait taken out)", ms(percentile(0.50, of: ownOverhead)), "", true),
            (
                "server's own overhead p99", ms(percentile(0.99, of: ownOverhead)), "< 10 ms",
                percentile(0.99, of: ownOverhead) < .milliseconds(10)
            ),
            (
                "\(burstContacts) contacts, 1 s model", String(format: "%.2f s", burst.seconds), "< 2 s",
                burst < .seconds(2)
            ),
            ("cold start to healthy", ms(startup), "< 500 ms", startup < .milliseconds(500)),
            (
                "peak RSS", String(format: "%.1f MB", Double(peakResident) / 1_048_576), "< 150 MB",
                peakResident < 150 * 1_048_576
            ),
        ]
        Swift.print("Tagarela benchmark (\(ProcessInfo.processInfo.activeProcessorCount) cores)")
        for (name, value, target, met) in rows {
            let mark = target.isEmpty ? "" : (met ? "ok" : "MISSED")
            Swift.print(
                name.padding(toLength: 52, withPad: " ", startingAt: 0)
                    + value.padding(toLength: 16, withPad: " ", startingAt: 0)
                    + target.padding(toLength: 16, withPad: " ", startingAt: 0) + mark)
        }
        if let metaIngestRate {
            Swift.print(
                "ingest, Meta webhooks (64 connections, stored)".padding(
                    toLength: 52, withPad: " ", startingAt: 0) + String(format: "%.0f msg/s", metaIngestRate))
        }
        if !ingestStored || !metaIngestStored {
            Swift.print("WARNING: the stored count did not match the acknowledged webhooks")
        }
        if let postgresIngestRate {
            Swift.print(
                "ingest on PostgreSQL (64 connections)".padding(toLength: 52, withPad: " ", startingAt: 0)
                    + String(format: "%.0f msg/s", postgresIngestRate))
        }
        for result in scale {
            let name =
                "turns/s, \(result.store), \(result.workers) worker\(result.workers == 1 ? "" : "s") (200 ms model)"
            let database = result.databaseCores.map { String(format: ", database %.2f", $0) } ?? ""
            Swift.print(
                name.padding(toLength: 52, withPad: " ", startingAt: 0)
                    + String(format: "%.0f", result.turnsPerSecond).padding(toLength: 16, withPad: " ", startingAt: 0)
                    + String(format: "CPU cores: workers %.2f", result.workerCores) + database)
        }
        printStoreCost()
        for result in recovery {
            let name = "kill -9 mid-turn → reply, \(result.store), \(result.sameName ? "same name" : "new name")"
            Swift.print(
                name.padding(toLength: 52, withPad: " ", startingAt: 0)
                    + ms(result.median).padding(toLength: 16, withPad: " ", startingAt: 0)
                    + "< 5 s".padding(toLength: 16, withPad: " ", startingAt: 0)
                    + (result.median < .seconds(5) && result.exactlyOnce ? "ok" : "MISSED")
                    + (result.exactlyOnce ? "" : " (sent twice)"))
        }
        printVoice()
        printPhotos()
        printKnowledge()
        printParsers()
        printMemory()
        if !postgresAvailable {
            Swift.print("PostgreSQL figures skipped: no TAGARELA_TEST_POSTGRES_URL and no scripts/")
        }
    }

    /// Webhook to voice note, classic against realtime, medians and the slowest.
    func printVoice() {
        guard let voice, !voice.classic.isEmpty, !voice.realtime.isEmpty else { return }
        let ms = { (duration: Duration) in String(format: "%.0f ms", duration.seconds * 1000) }
        let latency = ms(voice.latency)
        for (name, times) in [("classic, 3 calls", voice.classic), ("realtime, 1 call", voice.realtime)] {
            Swift.print(
                "voice -> voice note, \(name) × \(latency)".padding(toLength: 52, withPad: " ", startingAt: 0)
                    + ms(times[times.count / 2]).padding(toLength: 16, withPad: " ", startingAt: 0)
                    + "slowest \(ms(times[times.count - 1])) of \(times.count)")
        }
    }

    /// Photos kept per second, and the server's memory while it kept them.
    func printPhotos() {
        guard let photos else { return }
        let megabytes = { (bytes: Int) in String(format: "%.1f MB", Double(bytes) / 1_048_576) }
        Swift.print(
            "\(photos.photos) photos at once (\(megabytes(photos.bytes))), all kept".padding(
                toLength: 52, withPad: " ", startingAt: 0)
                + String(format: "%.2f s", photos.elapsed.seconds).padding(toLength: 16, withPad: " ", startingAt: 0)
                + String(format: "%.1f photos/s", Double(photos.photos) / photos.elapsed.seconds))
        Swift.print(
            "  server's peak RSS during the photos".padding(toLength: 52, withPad: " ", startingAt: 0)
                + megabytes(photos.peakResident).padding(toLength: 16, withPad: " ", startingAt: 0)
                + "(\(megabytes(photos.residentBefore)) before)")
    }

    /// Retrieval's p99 per store against its target, the scan against the memory bandwidth, the index's memory, and
    /// indexing.
    func printKnowledge() {
        guard let knowledge else { return }
        let megabytes = { (bytes: Int) in String(format: "%.1f MB", Double(bytes) / 1_048_576) }
        func column(_ text: String, _ width: Int) -> String {
            text.padding(toLength: width, withPad: " ", startingAt: 0)
        }
        for store in knowledge.stores {
            let sorted = store.latencies.sorted()
            let p99 = sorted[min(sorted.count - 1, sorted.count * 99 / 100)]
            let p50 = sorted[sorted.count / 2]
            Swift.print(
                column("knowledge search, \(knowledge.passages) × \(knowledge.dimensions), \(store.store), p99", 52)
                    + column(String(format: "%.2f ms", p99.seconds * 1000), 16) + column("< 20 ms", 16)
                    + (p99 < .milliseconds(20) ? "ok" : "MISSED"))
            Swift.print(
                "  p50 " + String(format: "%.2f ms", p50.seconds * 1000) + "; index built in "
                    + String(format: "%.2f s", store.build.seconds) + "; own passage first for \(store.foundFirst) of "
                    + "\(store.latencies.count) questions; RSS \(megabytes(store.residentBefore)) → "
                    + megabytes(store.residentAfter) + " with the index loaded")
        }
        let scanBytes = knowledge.scanRate * Double(knowledge.dimensions)
        Swift.print(
            column("  int8 scan alone", 52) + column(String(format: "%.2f M vectors/s", knowledge.scanRate / 1e6), 16)
                + String(
                    format: "%.1f GB/s of %.1f GB/s memory bandwidth (%.0f%%)", scanBytes / 1e9,
                    knowledge.memoryBandwidth / 1e9, 100 * scanBytes / knowledge.memoryBandwidth))
        Swift.print(
            column("knowledge add through the fake embeddings API", 52)
                + column(String(format: "%.2f s", knowledge.indexing.seconds), 16)
                + String(
                    format: "%d passages, %.0f passages/s", knowledge.indexedPassages,
                    Double(knowledge.indexedPassages) / knowledge.indexing.seconds))
    }

    /// The worst case first, against its target, then the slowest parser on each input.
    func printParsers() {
        guard let worst = parsers.max(by: { $0.time < $1.time }) else { return }
        let ms = { (duration: Duration) in String(format: "%.1f ms", duration.seconds * 1000) }
        Swift.print(
            "formatter, splitter, parsers: worst 1 MB input".padding(toLength: 52, withPad: " ", startingAt: 0)
                + ms(worst.time).padding(toLength: 16, withPad: " ", startingAt: 0)
                + "< 1000 ms".padding(toLength: 16, withPad: " ", startingAt: 0)
                + (worst.time < .seconds(1) ? "ok" : "MISSED"))
        Swift.print("  (\(worst.slowest) on \(worst.input))")
        for result in parsers {
            Swift.print(
                "  \(result.input)".padding(toLength: 52, withPad: " ", startingAt: 0)
                    + ms(result.time).padding(toLength: 16, withPad: " ", startingAt: 0) + result.slowest)
        }
    }

    func printMemory() {
        guard let last = memory.last else { return }
        let bounded = memory.allSatisfy { $0.total <= 3000 + 500 + 200 }
        Swift.print(
            "tokens per turn at \(last.messages) messages (window + summary)".padding(
                toLength: 52, withPad: " ", startingAt: 0)
                + "\(last.total)".padding(toLength: 16, withPad: " ", startingAt: 0)
                + "<= 3700 at every size".padding(toLength: 24, withPad: " ", startingAt: 0)
                + (bounded ? "ok" : "MISSED"))
        for point in memory {
            Swift.print(
                "  \(point.messages) messages".padding(toLength: 52, withPad: " ", startingAt: 0)
                    + "\(point.total) tokens (summary \(point.summary), \(point.folds) folds so far)")
        }
    }
}
