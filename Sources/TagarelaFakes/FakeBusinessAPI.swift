import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import TagarelaCore

/// A business's own service, as its tools file's tools call it: it records every request (method, path with
/// query, headers, JSON body) and answers each path as the test set it (`answer(_:with:)`): JSON with a status,
/// a redirect, or no answer until the fake stops (a timeout). Unset paths answer `200 {"ok": true}`.
public final class FakeBusinessAPI: Sendable, RunningFake {
    /// How one path answers.
    public enum Answer: Sendable {
        case json(status: Int, JSONValue)
        /// `302 Location: url`.
        case redirect(String)
        /// Never answers (until the fake stops).
        case hang
    }

    /// One request as received.
    public struct Request: Sendable, Equatable {
        public var method: String
        /// The path with its query, as sent (percent-encoding kept).
        public var target: String
        public var headers: [String: String]
        public var body: JSONValue?
    }

    private let server: FakeServer
    private let state: State

    private actor State {
        var requests: [Request] = []
        var answers: [String: Answer] = [:]
        func record(_ request: Request) -> Answer? {
            requests.append(request)
            return answers[String(request.target.prefix { $0 != "?" })]
        }
        func set(_ path: String, _ answer: Answer) { answers[path] = answer }
    }

    public static func start() async throws -> FakeBusinessAPI {
        let state = State()
        let server = try await FakeServer.start(name: "FakeBusinessAPI") { request, gate in
            let bytes = await FakeServer.body(of: request, upTo: 1 << 20)
            let text = String(buffer: bytes)
            let received = Request(
                method: request.method.rawValue, target: request.uri.description,
                headers: FakeServer.headers(of: request), body: text.isEmpty ? nil : JSONValue(parsing: text))
            switch await state.record(received) {
            case .json(let status, let value):
                return Response(
                    status: .init(code: status), headers: [.contentType: "application/json"],
                    body: .init(byteBuffer: ByteBuffer(string: value.jsonText)))
            case .redirect(let url):
                return Response(status: .found, headers: [.location: url])
            case .hang:
                await gate.wait()
                return Response(status: .serviceUnavailable)
            case nil:
                return Response(
                    status: .ok, headers: [.contentType: "application/json"],
                    body: .init(byteBuffer: ByteBuffer(string: #"{"ok":true}"#)))
            }
        }
        return FakeBusinessAPI(server: server, state: state)
    }

    private init(server: FakeServer, state: State) {
        self.server = server
        self.state = state
    }

    /// `http://127.0.0.1:port`.
    public var baseURL: String { "http://127.0.0.1:\(server.port)" }

    /// Makes `path` (without its query) answer `answer` from now on.
    public func answer(_ path: String, with answer: Answer) async { await state.set(path, answer) }

    /// Every request so far, in order.
    public func requests() async -> [Request] { await state.requests }

    public func stop() async { await server.stop() }
}
