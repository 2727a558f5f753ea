import Foundation
import GRDB
import TagarelaFakes

/// Photos received at once: `count` contacts each send a captioned photo (real JPEGs of 0.3-4 MB) through a signed
/// Twilio webhook; the server downloads each from the fake Twilio (its API host, then the CDN), checks it, keeps it
/// in the database and files it in the contact's catalogue. Timed from the first webhook until every photo is kept
/// (read from the server's database), with the server's peak RSS meanwhile.
struct PhotoPhase {
    let world: BenchWorld
    var count = 50

    struct Result {
        var photos: Int
        var bytes: Int
        var elapsed: Duration
        /// The server's peak RSS once started, before the photos.
        var residentBefore: Int
        var peakResident: Int
    }

    func run() async throws -> Result {
        let photos = try BenchPhotos.make(count: count)
        await world.openAI.setResponder { _ in .text("Foto salva no seu catálogo.") }
        let server = try await ServerProcess(environment: world.environment("photos"))
        defer { server.terminate() }
        var urls: [String] = []
        for photo in photos { urls.append(await world.twilio.media(bytes: photo, contentType: "image/jpeg")) }
        let webhooks = SignedWebhooks.photos(urls, firstContact: 3_000_000)
        let database = try DatabaseQueue(
            path: world.directory.appendingPathComponent("photos.sqlite").path, configuration: Self.readOnly)
        let residentBefore = server.peakResidentBytes ?? 0
        let started = ContinuousClock.now
        let load = await LoadGenerator(port: server.port).run(webhooks, connections: count, duration: nil)
        guard load.failures == 0 else { throw BenchPhotosError("\(load.failures) photo webhooks were refused") }
        let deadline = started + .seconds(120)
        while try await kept(database) < count {
            guard ContinuousClock.now < deadline else {
                throw BenchPhotosError("only \(try await kept(database)) of \(count) photos were kept within 120 s")
            }
            try await Task.sleep(for: .milliseconds(10))
        }
        let elapsed = ContinuousClock.now - started
        return Result(
            photos: count, bytes: photos.map(\.count).reduce(0, +), elapsed: elapsed, residentBefore: residentBefore,
            peakResident: server.peakResidentBytes ?? 0)
    }

    /// Photos kept in the database and filed in a catalogue.
    private func kept(_ database: DatabaseQueue) async throws -> Int {
        try await database.read { db in
            try Int.fetchOne(
                db, sql: "SELECT COUNT(*) FROM catalogue_photos p JOIN media m ON m.id = p.media_id") ?? 0
        }
    }

    private static var readOnly: Configuration {
        var configuration = Configuration()
        configuration.readonly = true
        return configuration
    }
}
