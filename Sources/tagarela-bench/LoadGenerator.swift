import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Posts webhooks over plain keep-alive sockets, one thread per connection: far cheaper per request than a
/// full HTTP client, so on two shared cores the figure measures the server, not the load generator.
struct LoadGenerator: Sendable {
    let port: Int

    /// Sends `webhooks` over `connections` connections until they run out or `duration` passes.
    func run(
        _ webhooks: [SignedWebhook], connections: Int, duration: Duration?
    ) async -> (acknowledged: Int, elapsed: Duration, failures: Int) {
        let requests = webhooks.map(request(for:))
        let counters = Counters()
        let started = ContinuousClock.now
        let deadline = duration.map { started + $0 }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let group = DispatchGroup()
            for _ in 0..<connections {
                group.enter()
                Thread {
                    defer { group.leave() }
                    guard let connection = Connection(port: port) else {
                        counters.failures.add(1, ordering: .relaxed)
                        return
                    }
                    while deadline.map({ ContinuousClock.now < $0 }) ?? true {
                        let index = counters.next.add(1, ordering: .relaxed).oldValue
                        guard index < requests.count else { break }
                        if connection.roundTrip(requests[index]) {
                            counters.acknowledged.add(1, ordering: .relaxed)
                        } else {
                            counters.failures.add(1, ordering: .relaxed)
                        }
                    }
                    connection.close()
                }.start()
            }
            group.notify(queue: .global()) { continuation.resume() }
        }
        return (
            counters.acknowledged.load(ordering: .relaxed), ContinuousClock.now - started,
            counters.failures.load(ordering: .relaxed)
        )
    }

    /// Sends one webhook every `interval` on one connection; returns when each POST started.
    func paced(_ webhooks: [SignedWebhook], interval: Duration) async -> [ContinuousClock.Instant] {
        let requests = webhooks.map(request(for:))
        return await withCheckedContinuation { continuation in
            Thread {
                var starts: [ContinuousClock.Instant] = []
                guard let connection = Connection(port: port) else { return continuation.resume(returning: []) }
                var next = ContinuousClock.now
                for request in requests {
                    let wait = next - ContinuousClock.now
                    if wait > .zero { usleep(UInt32(wait.components.attoseconds / 1_000_000_000_000)) }
                    next += interval
                    starts.append(.now)
                    _ = connection.roundTrip(request)
                }
                connection.close()
                continuation.resume(returning: starts)
            }.start()
        }
    }

    func request(for webhook: SignedWebhook) -> [UInt8] {
        let body = Array(webhook.body.utf8)
        let kind = webhook.kind
        let head =
            "POST \(kind.path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nContent-Type: \(kind.contentType)\r\n"
            + "\(kind.signatureHeader): \(webhook.signature)\r\nContent-Length: \(body.count)\r\n\r\n"
        return Array(head.utf8) + body
    }
}

/// Shared by the connection threads of one run.
private final class Counters: Sendable {
    let next = Atomic<Int>(0)
    let acknowledged = Atomic<Int>(0)
    let failures = Atomic<Int>(0)
}
