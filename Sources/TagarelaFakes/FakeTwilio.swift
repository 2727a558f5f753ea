import Foundation

/// A strict stand-in for Twilio's Messages resource (`POST` to send, `GET` to list), over real HTTP.
public final class FakeTwilio: Sendable {
    /// A message the fake accepted (HTTP 201).
    public struct Sent: Sendable, Equatable {
        public var sid: String
        public var to: String
        public var from: String?
        public var messagingServiceSID: String?
        public var body: String?
        public var statusCallback: String?
        /// 1 for the first accepted message, then 2, 3…
        public var order: Int
        /// Every form field as decoded, repeated names kept in order.
        public var form: [String: [String]]
        /// The `MediaUrl` values, in order.
        public var mediaURLs: [String] { form["MediaUrl"] ?? [] }
        public var authorization: String?
        public var contentType: String?
        /// When the fake received it (the benchmark measures the server's overhead up to here).
        public var receivedAt: ContinuousClock.Instant
    }

    /// A request the fake refused, with the answer it gave (status 0 for a `.hang` that never answered).
    public struct Rejected: Sendable, Equatable {
        public var status: Int
        public var code: Int
        public var reason: String
        public var path: String
        public var to: String?
    }

    /// A one-off scripted answer to the next valid request.
    public enum Outcome: Sendable, Equatable {
        /// Answers with a Twilio error JSON; `retryAfter` sets the `Retry-After` header.
        case error(status: Int, code: Int, message: String, retryAfter: String? = nil)
        /// Never answers until the fake is stopped.
        case hang
        /// Waits (real time), then handles the request as usual.
        case delayed(Duration)
        /// Takes the message (it shows in `sent()` and the Messages list) but never answers: a lost response.
        case acceptThenHang
    }

    let server: FakeServer
    let state: State
    let accountSID: String

    /// `http://127.0.0.1:PORT`, ready to be the sender's `apiBaseURL`.
    public var baseURL: String { "http://127.0.0.1:\(server.port)" }

    private init(server: FakeServer, state: State, accountSID: String) {
        self.server = server
        self.state = state
        self.accountSID = accountSID
    }

    /// Starts a fake that accepts exactly these credentials.
    public static func start(accountSID: String, authToken: String) async throws -> FakeTwilio {
        let state = State()
        let handler = FakeTwilioHandler(accountSID: accountSID, authToken: authToken, state: state)
        let server = try await FakeServer.start(name: "FakeTwilio") { request, gate in
            await handler.handle(request, gate: gate)
        }
        return FakeTwilio(server: server, state: state, accountSID: accountSID)
    }

    public func stop() async { await server.stop() }

    /// Later sends to `to` fail with 400 / 21610, as after the contact sent STOP.
    public func optOut(_ to: String) async { await state.optOut(to) }

    public func enqueue(_ outcomes: [Outcome]) async { await state.enqueue(outcomes) }

    /// Accepted messages in arrival order.
    public func sent() async -> [Sent] { await state.sent }

    public func rejected() async -> [Rejected] { await state.rejected }

    /// Every request that reached the fake, accepted or not.
    public func requestCount() async -> Int { await state.requestCount }

    /// Waits (polling, real time) until at least `count` messages were accepted, then returns them all.
    public func waitForSent(count: Int, timeout: Duration = testPatience) async throws -> [Sent] {
        try await FakeServer.waitFor(
            count, "Twilio messages", timeout: timeout, count: { await state.sentCount }, all: { await state.sent })
    }
}

extension FakeTwilio {
    /// The fake's mutable state.
    actor State {
        private(set) var sent: [Sent] = []
        var sentCount: Int { sent.count }
        private(set) var rejected: [Rejected] = []
        private(set) var requestCount = 0
        private var optedOut: Set<String> = []
        private var queue: [Outcome] = []
        var mediaFiles: [String: Media] = [:]
        /// The read-only account calls `tagarela doctor` makes, and the numbers this account owns.
        var reads: [Read] = []
        var phoneNumbers: Set<String> = []
        var cdnRequests: [CDNRequest] = []

        func optOut(_ to: String) { optedOut.insert(to) }
        func isOptedOut(_ to: String) -> Bool { optedOut.contains(to) }
        func enqueue(_ outcomes: [Outcome]) { queue += outcomes }
        func countRequest() { requestCount += 1 }
        func reject(_ rejection: Rejected) { rejected.append(rejection) }

        func nextOutcome() -> Outcome? {
            queue.isEmpty ? nil : queue.removeFirst()
        }

        /// Records an accepted message, numbering it.
        func accept(_ message: Sent) -> Sent {
            var message = message
            message.order = sent.count + 1
            sent.append(message)
            return message
        }
    }
}
