import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Synchronization

/// Posts webhooks over a fixed number of keep-alive connections and records when each was acknowledged.
final class LoadGenerator: Sendable {
    let client: HTTPClient
    let url: String

    init(url: String, connections: Int) {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool = .init(
            idleTimeout: .seconds(30), concurrentHTTP1ConnectionsPerHostSoftLimit: connections)
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        self.url = url
    }

    func shutdown() async throws {
        try await client.shutdown()
    }

    /// Sends `webhooks` with `connections` requests in flight until they run out or `duration` passes.
    /// Returns how many were acknowledged with 200, and how long it took.
    func run(_ webhooks: [SignedWebhook], connections: Int, duration: Duration?) async -> (
        acknowledged: Int, elapsed: Duration, failures: Int
    ) {
        let counters = Counters()
        let started = ContinuousClock.now
        let deadline = duration.map { started + $0 }
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<connections {
                group.addTask {
                    while true {
                        if let deadline, ContinuousClock.now >= deadline { return }
                        let index = counters.next.add(1, ordering: .relaxed).oldValue
                        guard index < webhooks.count else { return }
                        if await self.post(webhooks[index]) {
                            counters.acknowledged.add(1, ordering: .relaxed)
                        } else {
                            counters.failures.add(1, ordering: .relaxed)
                        }
                    }
                }
            }
        }
        return (
            counters.acknowledged.load(ordering: .relaxed), ContinuousClock.now - started,
            counters.failures.load(ordering: .relaxed)
        )
    }

    /// One signed webhook; true when the server answered 200.
    func post(_ webhook: SignedWebhook) async -> Bool {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        request.headers.add(name: "X-Twilio-Signature", value: webhook.signature)
        request.body = .bytes(ByteBuffer(string: webhook.body))
        guard let response = try? await client.execute(request, timeout: .seconds(30)) else { return false }
        _ = try? await response.body.collect(upTo: 1 << 16)
        return response.status == .ok
    }
}

/// Shared by the connection tasks of one run.
private final class Counters: Sendable {
    let next = Atomic<Int>(0)
    let acknowledged = Atomic<Int>(0)
    let failures = Atomic<Int>(0)
}
