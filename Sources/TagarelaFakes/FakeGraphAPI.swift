import Foundation
import TagarelaCore

/// A strict stand-in for Meta's Graph API (WhatsApp Cloud API): `POST /{version}/{phone-number-id}/messages`
/// for sends and read receipts, and `GET /{version}/{media-id}` plus the download URL it hands out.
public final class FakeGraphAPI: Sendable {
    /// A message the fake accepted.
    public struct Sent: Sendable, Equatable {
        /// The `wamid.…` it answered with.
        public var id: String
        public var to: String?
        public var recipient: String?
        public var type: String
        public var textBody: String?
        public var previewURL: Bool?
        public var templateName: String?
        public var templateLanguage: String?
        /// The request body exactly as received; `json` decodes it.
        public var rawJSON: String
        public var authorization: String?
        public var contentType: String?
        /// 1 for the first accepted message, then 2, 3…
        public var order: Int
        public var receivedAt: ContinuousClock.Instant

        /// The request body as a JSON object.
        public var json: [String: Any] {
            (try? JSONSerialization.jsonObject(with: Data(rawJSON.utf8))) as? [String: Any] ?? [:]
        }
    }

    /// A `status: read` request: a read receipt, with the typing indicator when `typing` is set.
    public struct ReadReceipt: Sendable, Equatable {
        public var messageID: String
        /// `typing_indicator.type` (`text`), nil for a plain read receipt.
        public var typing: String?
        public var rawJSON: String
        public var authorization: String?
        public var receivedAt: ContinuousClock.Instant
    }

    /// A request the fake refused, with the Graph error it answered (status 0 for a `.hang`).
    public struct Rejected: Sendable, Equatable {
        public var status: Int
        public var code: Int
        public var subcode: Int?
        public var message: String
        public var path: String
    }

    /// A one-off scripted answer to the next valid request (send, read receipt or media lookup).
    public enum Outcome: Sendable, Equatable {
        /// Answers with a Graph error object; `retryAfter` sets the `Retry-After` header.
        case error(
            status: Int, code: Int, subcode: Int? = nil, message: String, details: String? = nil,
            isTransient: Bool? = nil, retryAfter: String? = nil)
        /// Never answers until the fake is stopped.
        case hang
        /// Waits (real time), then handles the request as usual.
        case delayed(Duration)
        /// Takes the message (it shows in `sent()`) but never answers: a lost response.
        case acceptThenHang
    }

    let server: FakeServer
    let state: State
    let version: String

    /// `http://127.0.0.1:PORT/v23.0`, ready to be the sender's `graphAPIBaseURL`.
    public var baseURL: String { "http://127.0.0.1:\(server.port)/\(version)" }

    private init(server: FakeServer, state: State, version: String) {
        self.server = server
        self.state = state
        self.version = version
    }

    /// Starts a fake that accepts exactly this token and knows exactly this business phone number id.
    public static func start(
        accessToken: String, phoneNumberID: String, version: String = "v23.0"
    ) async throws -> FakeGraphAPI {
        let state = State()
        let handler = FakeGraphAPIHandler(
            accessToken: accessToken, phoneNumberID: phoneNumberID, version: version, state: state)
        let server = try await FakeServer.start(name: "FakeGraphAPI") { request, gate in
            await handler.handle(request, gate: gate)
        }
        return FakeGraphAPI(server: server, state: state, version: version)
    }

    public func stop() async { await server.stop() }

    public func enqueue(_ outcomes: [Outcome]) async { await state.enqueue(outcomes) }

    /// Outcomes for the next message sends only, played before `enqueue`'s: read receipts and media lookups,
    /// which a running server makes at moments a test cannot choose, leave them alone.
    public func enqueueForSends(_ outcomes: [Outcome]) async { await state.enqueueForSends(outcomes) }

    /// Later free-form sends to `address` (digits or user id) fail with 131047, as 24 hours after the
    /// contact's last message; templates still go through.
    public func closeWindow(for address: String) async { await state.closeWindow(address) }

    /// Makes `GET /{version}/{id}` describe these bytes and their download URL serve them.
    /// Moves the fake's own clock forward, so that the media URLs it gave expire (Meta: after five minutes)
    /// without a test having to wait for them.
    public func advanceClock(by duration: Duration) async { await state.advanceClock(by: duration) }

    /// How the media lookup writes `sha256`: Meta's reference does not name the encoding.
    public enum StatedHash: Sendable, Equatable {
        /// Base64 with padding, the default.
        case base64
        case base64Unpadded
        case hex
        case uppercaseHex
        /// This text, whatever the bytes are.
        case literal(String)
    }

    /// Makes later media lookups state their `sha256` this way.
    public func setStatedMediaHash(_ hash: StatedHash) async { await state.setStatedHash(hash) }

    /// Downloads refused because their URL had expired.
    public func expiredDownloads() async -> Int { await state.expiredDownloads }

    public func media(id: String, bytes: [UInt8], mimeType: String) async {
        await state.addMedia(.init(bytes: bytes, mimeType: mimeType), id: id)
    }

    public func sent() async -> [Sent] { await state.sent }

    public func readReceipts() async -> [ReadReceipt] { await state.readReceipts }

    public func rejected() async -> [Rejected] { await state.rejected }

    /// Every request that reached the fake, valid or not.
    public func requestCount() async -> Int { await state.requestCount }

    /// Waits (polling, real time) until at least `count` messages were accepted, then returns them all.
    public func waitForSent(count: Int, timeout: Duration = testPatience) async throws -> [Sent] {
        try await FakeServer.waitFor(
            count, "Graph API messages", timeout: timeout, count: { await state.sentCount }, all: { await state.sent })
    }
}

extension FakeGraphAPI {
    /// Bytes registered with `media(id:bytes:mimeType:)`.
    struct Media: Sendable {
        var bytes: [UInt8]
        var mimeType: String
    }

    /// The fake's mutable state.
    actor State {
        private(set) var sent: [Sent] = []
        var sentCount: Int { sent.count }
        private(set) var readReceipts: [ReadReceipt] = []
        private(set) var rejected: [Rejected] = []
        private(set) var requestCount = 0
        /// The phone number node reads (`GET /{phone-number-id}`) received, as `path?query`.
        var nodeReads: [String] = []
        /// The names of the apps subscribed to the business account's webhooks.
        var subscribedApps = ["Tagarela Test App"]
        private var closedWindows: Set<String> = []
        private var media: [String: Media] = [:]
        private(set) var uploads: [Upload] = []
        /// How long a media download URL lives (Meta: five minutes).
        let urlLifetime: Duration = .seconds(300)
        private(set) var expiredDownloads = 0
        /// How far a test moved the fake's clock ahead of the real one.
        private var clockOffset: TimeInterval = 0
        var now: Date { Date().addingTimeInterval(clockOffset) }
        func advanceClock(by duration: Duration) { clockOffset += duration.timeInterval }
        private(set) var statedHash: StatedHash = .base64
        func setStatedHash(_ hash: StatedHash) { statedHash = hash }
        func countExpiredDownload() { expiredDownloads += 1 }
        private var queue: [Outcome] = []
        private var sendQueue: [Outcome] = []

        func enqueue(_ outcomes: [Outcome]) { queue += outcomes }
        func enqueueForSends(_ outcomes: [Outcome]) { sendQueue += outcomes }
        func closeWindow(_ address: String) { closedWindows.insert(address) }
        func isWindowClosed(_ address: String) -> Bool { closedWindows.contains(address) }
        func addMedia(_ item: Media, id: String) { media[id] = item }
        func media(_ id: String) -> Media? { media[id] }
        func addUpload(_ upload: Upload) { uploads.append(upload) }
        func upload(id: String) -> Upload? { uploads.first { $0.id == id } }
        func countRequest() { requestCount += 1 }
        func reject(_ rejection: Rejected) { rejected.append(rejection) }
        func recordRead(_ receipt: ReadReceipt) { readReceipts.append(receipt) }

        func nextOutcome(forSend: Bool = false) -> Outcome? {
            if forSend, !sendQueue.isEmpty { return sendQueue.removeFirst() }
            return queue.isEmpty ? nil : queue.removeFirst()
        }

        /// Takes the next outcome only when it is `.acceptThenHang`, which a send plays before its checks end.
        func nextOutcomeIsAcceptThenHang() -> Bool {
            if sendQueue.first == .acceptThenHang {
                sendQueue.removeFirst()
                return true
            }
            guard sendQueue.isEmpty, queue.first == .acceptThenHang else { return false }
            queue.removeFirst()
            return true
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
