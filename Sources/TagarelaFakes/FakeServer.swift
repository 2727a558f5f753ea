import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import ServiceLifecycle

/// One fake's HTTP server: a Hummingbird app on 127.0.0.1 at a free port, in a ServiceGroup that `stop()` ends.
final class FakeServer: Sendable {
    /// Answers one request; the fakes never throw, every failure is an HTTP answer. The gate opens at `stop()`.
    typealias Handler = @Sendable (Request, StopGate) async -> Response

    /// The port the kernel chose.
    let port: Int
    private let group: ServiceGroup
    private let runTask: Task<Void, Never>
    private let gate: StopGate

    private init(port: Int, group: ServiceGroup, runTask: Task<Void, Never>, gate: StopGate) {
        self.port = port
        self.group = group
        self.runTask = runTask
        self.gate = gate
    }

    /// Starts the server and returns once it listens.
    /// `server` upgrades WebSocket requests for the fakes that take them (the Realtime API's).
    static func start(
        name: String, server: HTTPServerBuilder = .http1(), handler: @escaping Handler
    ) async throws -> FakeServer {
        var logger = Logger(label: name)
        logger.logLevel = .warning
        let gate = StopGate()
        let (ports, portSink) = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            responder: CallbackResponder<BasicRequestContext> { request, _ in await handler(request, gate) },
            server: server,
            configuration: .init(address: .hostname("127.0.0.1", port: 0), serverName: name),
            onServerRunning: { channel in
                portSink.yield(channel.localAddress?.port ?? 0)
                portSink.finish()
            },
            logger: logger
        )
        let group = ServiceGroup(configuration: .init(services: [app], logger: logger))
        let runTask = Task {
            do {
                try await group.run()
            } catch {
                logger.error("\(name) stopped with an error: \(error)")
            }
            // Unblocks `start` when the server never came up (e.g. it could not bind).
            portSink.finish()
        }
        for await port in ports where port > 0 {
            return FakeServer(port: port, group: group, runTask: runTask, gate: gate)
        }
        await group.triggerGracefulShutdown()
        await runTask.value
        throw FakeServerError.couldNotStart(name)
    }

    /// Releases hanging replies, shuts the server down gracefully and waits until it has.
    func stop() async {
        await gate.release()
        await group.triggerGracefulShutdown()
        await runTask.value
    }
}

/// A fake server could not be started.
extension FakeServer {
    /// Polls until `count()` reaches `target`, then returns `all()`. Only the count crosses the fake's actor while
    /// polling: the list may be long.
    static func waitFor<Item>(
        _ target: Int, _ what: String, timeout: Duration, count: () async -> Int, all: () async -> [Item]
    ) async throws -> [Item] {
        var received = 0
        do {
            try await waitUntil(timeout: timeout) {
                received = await count()
                return received >= target
            }
        } catch FakeServerError.timedOut {
            throw FakeServerError.timedOut("\(target) \(what) (got \(received))")
        }
        return await all()
    }
}

public enum FakeServerError: Error, Equatable {
    case couldNotStart(String)
    /// `waitFor…` ran out of time; the payload says what was awaited.
    case timedOut(String)
}

/// A one-way latch, open once the server stops: `.hang` replies wait on it so shutdown never waits forever.
actor StopGate {
    private var isOpen = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func wait() async {
        if isOpen { return }
        await withCheckedContinuation { waiters.append($0) }
    }

    func release() {
        isOpen = true
        for waiter in waiters { waiter.resume() }
        waiters = []
    }
}

extension FakeServer {
    /// A request's body up to `maxBytes`; empty when it is larger or cannot be read, which the fake then refuses
    /// as the real service refuses a bad body.
    static func body(of request: Request, upTo maxBytes: Int) async -> ByteBuffer {
        (try? await request.body.collect(upTo: maxBytes)) ?? ByteBuffer()
    }

    /// A request's headers by canonical name, repeated ones joined with ", " as HTTP allows: what a fake records.
    static func headers(of request: Request) -> [String: String] {
        var headers: [String: String] = [:]
        for field in request.headers {
            let name = field.name.canonicalName
            headers[name] = headers[name].map { "\($0), \(field.value)" } ?? field.value
        }
        return headers
    }
}
