import Foundation
import PostgresNIO
import Synchronization
import TagarelaFakes
import TagarelaPostgres
import Testing

/// N real server processes on a fresh PostgreSQL database, the fakes they talk to, and a load balancer.
final class Cluster: Sendable {
    let world: TestWorld
    let database: PostgresSettings
    let servers: Mutex<[ServerProcess?]>

    private init(world: TestWorld, database: PostgresSettings, servers: [ServerProcess]) {
        self.world = world
        self.database = database
        self.servers = Mutex(servers)
    }

    static func with(
        instances: Int, modelDelay: Duration = .zero, startTogether: Bool = false,
        _ body: (Cluster) async throws -> Void
    ) async throws {
        let database = try await PostgresTestDatabase.createDatabase(on: try PostgresTestDatabase.server())
        defer { Task { try? await PostgresTestDatabase.drop(database.database ?? "") } }
        try await TestWorld.with { world in
            await world.openAI.setResponder { request in
                let reply = Reply.text("r:" + (request.lastUserMessage ?? ""))
                return modelDelay == .zero ? reply : .delayed(modelDelay, reply)
            }
            let url =
                "postgres://\(database.username)@\(database.host):\(database.port)/\(database.database ?? "")"
                + "?sslmode=disable"
            let environment: @Sendable (Int) -> [String: String] = { index in
                world.environment([
                    "DATABASE_URL": url, "INSTANCE_ID": "instance-\(index)", "TURN_LEASE_SECONDS": "5",
                    // Sends time out after half the outbox lease: 10 s, so a fake slowed by a busy machine
                    // still answers in time instead of leaving the outcome unknown for a 30 s recheck.
                    "OUTBOX_LEASE_SECONDS": "20", "DATABASE_POOL_SIZE": "8", "RATE_LIMIT_MESSAGES": "0",
                    "MAX_CONCURRENT_TURNS": "32", "OUTBOX_CONCURRENCY": "32",
                ])
            }
            var servers: [ServerProcess] = []
            if startTogether {
                servers = try await withThrowingTaskGroup(of: ServerProcess.self) { group in
                    for index in 0..<instances {
                        group.addTask { try await ServerProcess(environment: environment(index)) }
                    }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
            } else {
                for index in 0..<instances { servers.append(try await ServerProcess(environment: environment(index))) }
            }
            let cluster = Cluster(world: world, database: database, servers: servers)
            defer { cluster.stopAll() }
            try await body(cluster)
        }
    }

    typealias Reply = FakeOpenAI.Reply

    func kill(_ index: Int) {
        let server = servers.withLock { servers in
            defer { servers[index] = nil }
            return servers[index]
        }
        server?.kill9()
    }

    func stopAll() {
        let all = servers.withLock { $0 }
        for server in all { server?.terminate() }
    }

    /// The live instances, for the balancer.
    var live: [ServerProcess] { servers.withLock { $0.compactMap { $0 } } }

    /// Each contact sends its numbered messages in order, one after another, to the next live instance;
    /// contacts run side by side. A webhook that fails (its instance died) is retried elsewhere, as Twilio does.
    func send(contacts: Int, messages: Int, progress: (@Sendable (Int) -> Void)? = nil) async throws {
        let sent = SentCounter()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for contact in 0..<contacts {
                group.addTask {
                    for message in 0..<messages {
                        let params = Webhook.text(
                            "c\(contact)-m\(message)", from: "whatsapp:+5511955\(String(format: "%05d", contact))")
                        var attempt = contact + message
                        while true {
                            let instances = self.live
                            let server = instances[attempt % instances.count]
                            attempt += 1
                            if (try? await server.postWebhook(params)) == 200 { break }
                        }
                        progress?(sent.count.add(1, ordering: .relaxed).newValue)
                    }
                }
            }
            try await group.waitForAll()
        }
    }

    /// Every contact's replies answer its messages in order, none twice, and its last message is answered.
    /// A busy machine only slows the replies down, so the wait gives up when they stop coming for `timeout`
    /// (work is stuck or lost), not after a fixed time.
    func expectEveryContactAnsweredOnceInOrder(
        contacts: Int, messages: Int, timeout: Duration = .seconds(45)
    ) async throws {
        let started = ContinuousClock.now
        var deadline = started + timeout
        var answered: [String: [Int]] = [:]
        var repliesSeen = 0
        while ContinuousClock.now < deadline, ContinuousClock.now - started < .seconds(300) {
            let sent = await world.twilio.sent()
            if sent.count > repliesSeen { (repliesSeen, deadline) = (sent.count, ContinuousClock.now + timeout) }
            answered = Self.answeredIndexes(sent)
            let done = (0..<contacts).allSatisfy { answered[Self.address(of: $0)]?.last == messages - 1 }
            if done { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        print("answers took \(ContinuousClock.now - started) after the last webhook (\(repliesSeen) replies)")
        let stuck = (0..<contacts).filter { answered[Self.address(of: $0)]?.last != messages - 1 }
        if let first = stuck.first { print(try await diagnosis(of: Self.address(of: first))) }
        for contact in 0..<contacts {
            let indexes = answered[Self.address(of: contact)] ?? []
            #expect(indexes.last == messages - 1, "contact \(contact) was not answered to the end: \(indexes)")
            #expect(
                indexes == indexes.sorted() && Set(indexes).count == indexes.count, "contact \(contact): \(indexes)")
        }
        let stats = try await live[0].stats()
        #expect(stats.inbound == contacts * messages)
        #expect(stats.unknown == 0 && stats.failed == 0)
    }

    static func address(of contact: Int) -> String { "whatsapp:+5511955\(String(format: "%05d", contact))" }

    /// For each recipient, the index of the newest message each reply answered (`r:c7-m3\nc7-m4` → 4).
    static func answeredIndexes(_ sent: [FakeTwilio.Sent]) -> [String: [Int]] {
        var answered: [String: [Int]] = [:]
        for message in sent {
            guard let last = message.body?.split(separator: "\n").last, let index = last.split(separator: "m").last
            else { continue }
            answered[message.to, default: []].append(Int(index) ?? -1)
        }
        return answered
    }

    /// Where a contact's work stands in the database, and what the instances logged above info: printed when
    /// a contact was not answered, so a failure on CI says why.
    func diagnosis(of address: String) async throws -> String {
        let contact =
            "(SELECT id FROM contacts WHERE reply_address = '\(address)')"
        let queries = [
            "SELECT row_to_json(c)::text FROM contacts c WHERE id = \(contact)",
            "SELECT row_to_json(t)::text FROM (SELECT id, owner, status, started_at, finished_at, note FROM turns"
                + " WHERE contact_id = \(contact) ORDER BY id DESC LIMIT 6) t",
            "SELECT row_to_json(m)::text FROM (SELECT id, direction, status, turn_id, attempts, next_attempt_at,"
                + " send_owner, send_lease_until, created_at, text FROM messages WHERE contact_id = \(contact)"
                + " ORDER BY id DESC LIMIT 12) m",
        ]
        var lines = ["== \(address) was not answered to the end; now is \(Date().timeIntervalSince1970)"]
        try await withStore { store in
            for sql in queries {
                let rows = try await store.client.query(
                    PostgresQuery(unsafeSQL: sql), logger: PostgresTestDatabase.quiet)
                for try await row in rows { lines.append(try row.decode(String.self)) }
            }
        }
        for (index, server) in live.enumerated() {
            let notable = server.log.split(separator: "\n").filter {
                $0.contains("warning") || $0.contains("error") || $0.contains("critical")
            }
            lines.append("-- instance \(index): \(notable.count) lines above info")
            lines += notable.suffix(15).map(String.init)
        }
        return lines.joined(separator: "\n")
    }

    func appliedMigrations() async throws -> [Int] {
        try await withStore { try await $0.appliedMigrations() }
    }

    /// A number the test reads straight from the shared database.
    func count(_ sql: String) async throws -> Int {
        try await withStore { store in
            let rows = try await store.client.query(PostgresQuery(unsafeSQL: sql), logger: PostgresTestDatabase.quiet)
            return try await rows.collect().first?.decode(Int.self) ?? -1
        }
    }

    private func withStore<T: Sendable>(_ body: (ConversationPostgresStore) async throws -> T) async throws -> T {
        try await PostgresTestDatabase.withStore(database, body)
    }

}

/// Messages acknowledged so far, across the senders.
private final class SentCounter: Sendable {
    let count = Atomic<Int>(0)
}
