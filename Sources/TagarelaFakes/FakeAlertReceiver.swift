import Foundation
import Hummingbird
import NIOCore

/// A team chat's incoming webhook (Slack-style): takes `POST /hooks/<secret>` with a JSON object that has a
/// `text`, and records it. Anything else gets the 4xx a real one answers.
public final class FakeAlertReceiver: Sendable {
    public static let secretPath = "/hooks/T000/B000/XXXXXXXX"

    private let server: FakeServer
    private let state = State()

    private actor State {
        var received: [Data] = []
        var status = 200
        func append(_ body: Data) { received.append(body) }
        func setStatus(_ value: Int) { status = value }
    }

    private init(server: FakeServer) {
        self.server = server
    }

    public static func start() async throws -> FakeAlertReceiver {
        let holder = Holder()
        let server = try await FakeServer.start(name: "FakeAlertReceiver") { request, _ in
            await holder.receiver?.handle(request) ?? Response(status: .serviceUnavailable)
        }
        let receiver = FakeAlertReceiver(server: server)
        await holder.set(receiver)
        return receiver
    }

    private actor Holder {
        var receiver: FakeAlertReceiver?
        func set(_ value: FakeAlertReceiver) { receiver = value }
    }

    public var url: String { "http://127.0.0.1:\(server.port)\(Self.secretPath)" }

    public func stop() async { await server.stop() }

    /// What was posted, as JSON objects, in order (`[String: Any]` keeps the test close to the wire).
    public func received() async -> [[String: Any]] {
        await state.received.compactMap { try? JSONSerialization.jsonObject(with: $0) as? [String: Any] }
    }

    /// The status to answer from now on, e.g. 500 to act broken.
    public func answer(_ status: Int) async { await state.setStatus(status) }

    private func handle(_ request: Request) async -> Response {
        guard request.method == .post else { return Response(status: .methodNotAllowed) }
        guard request.uri.path == Self.secretPath else { return Response(status: .notFound) }
        guard request.headers[.contentType]?.hasPrefix("application/json") == true else {
            return Response(status: .unsupportedMediaType)
        }
        guard let body = try? await request.body.collect(upTo: 1 << 20),
            let object = try? JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any],
            let text = object["text"] as? String, !text.isEmpty
        else { return Response(status: .badRequest) }
        await state.append(Data(body.readableBytesView))
        return Response(status: .init(code: await state.status))
    }
}
