import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import HummingbirdWebSocket
import Logging
import NIOCore
import TagarelaCore

/// A strict fake of OpenAI's Realtime API over a WebSocket (`ws://127.0.0.1:port/v1/realtime?model=…`).
///
/// It refuses what the real one refuses (a missing or wrong bearer key, a missing model, the retired beta
/// header, unknown events or missing fields, base64 that is not whole PCM samples, a commit of under 100 ms,
/// `response.create` before any input or while a response runs) with an `error` event, and records every
/// session for the tests. It answers with a real 440 Hz PCM tone in `response.output_audio.delta` chunks, the
/// transcript beside it, and `response.done` with usage; it can call a tool first, and can fail in each way a
/// session fails.
public final class FakeRealtime: Sendable {
    /// How the fake fails, when told to.
    public enum Failure: String, Sendable, Equatable, CaseIterable {
        /// The upgrade is answered 401, as a bad key is.
        case refuseUpgrade
        /// `response.create` gets an `error` event (`server_error`).
        case errorEvent
        /// `response.create` gets nothing at all.
        case stall
        /// The connection closes after the first audio delta.
        case closeMidAnswer
    }

    /// What the fake says and does.
    public struct Script: Sendable, Equatable {
        public var failure: Failure?
        /// What the answer's audio "says".
        public var transcript = "Claro! Amanhã abrimos às nove horas."
        /// The input transcription of each committed note; nil sends none (the client must transcribe itself).
        public var heard: String? = "Que horas vocês abrem amanhã?"
        /// A tool the first response calls (its name and JSON arguments) before the spoken answer.
        public var toolCall: (name: String, arguments: String)?
        /// How long the answer's tone plays.
        public var answerSeconds = 2
        /// How long each response takes to start, as a real model's latency would (the benchmark sets it).
        public var latency: Duration = .zero

        public init() {}

        public static func == (lhs: Script, rhs: Script) -> Bool {
            lhs.failure == rhs.failure && lhs.transcript == rhs.transcript && lhs.heard == rhs.heard
                && lhs.toolCall?.name == rhs.toolCall?.name && lhs.toolCall?.arguments == rhs.toolCall?.arguments
                && lhs.answerSeconds == rhs.answerSeconds && lhs.latency == rhs.latency
        }
    }

    /// One connection as the fake saw it.
    public struct Session: Sendable {
        public var headers: [String: String]
        public var query: [String: String]
        public var upgraded: Bool
        /// The client's events, in order.
        public var events: [JSONValue] = []
        /// The events' `type`s, in order.
        public var types: [String] { events.compactMap { $0["type"]?.stringValue } }
        /// The PCM bytes of each committed note.
        public var committedAudio: [Int] = []
    }

    public static let apiKey = "sk-fake-realtime"
    let server: FakeServer
    let state: State

    public var port: Int { server.port }
    /// The base URL to configure (`REALTIME_BASE_URL`).
    public var url: URL { URL(string: "ws://127.0.0.1:\(server.port)/v1/realtime")! }

    private init(server: FakeServer, state: State) {
        self.server = server
        self.state = state
    }

    public static func start(_ script: Script = Script()) async throws -> FakeRealtime {
        let state = State(script: script)
        let server = try await FakeServer.start(
            name: "fake-realtime",
            server: .http1WebSocketUpgrade(configuration: .init(ws: .init(maxFrameSize: 32 << 20))) { request, _, _ in
                await upgrade(request, state: state)
            }
        ) { request, _ in
            // What reaches here was not upgraded: a plain request, or a refused upgrade.
            let headers = FakeServer.headers(of: request)
            let status = headers["authorization"] == "Bearer \(apiKey)" ? 400 : 401
            return jsonResponse(
                status: status,
                ["error": ["type": "invalid_request_error", "code": NSNull(), "message": "refused (\(status))"]])
        }
        return FakeRealtime(server: server, state: state)
    }

    public func stop() async { await server.stop() }

    public func setScript(_ script: Script) async { await state.setScript(script) }

    /// Every connection so far, upgraded or refused.
    public func sessions() async -> [Session] { await state.sessions }

    /// What the fake refused, with why; empty when the client spoke the protocol as the real API wants.
    public func violations() async -> [String] { await state.violations }

    /// Decides the upgrade as the real API would: a bearer key and a model, else 401/400 from the responder.
    private static func upgrade(
        _ request: HTTPRequest, state: State
    ) async -> ShouldUpgradeResult<WebSocketDataHandler<HTTP1WebSocketUpgradeChannel.Context>> {
        var headers: [String: String] = [:]
        for field in request.headerFields { headers[field.name.canonicalName] = field.value }
        let components = URLComponents(string: request.path ?? "")
        var query: [String: String] = [:]
        for item in components?.queryItems ?? [] { query[item.name] = item.value ?? "" }
        let script = await state.script
        let accepted =
            components?.path == "/v1/realtime" && headers["authorization"] == "Bearer \(apiKey)"
            && !(query["model"] ?? "").isEmpty && script.failure != .refuseUpgrade
        let index = await state.connected(Session(headers: headers, query: query, upgraded: accepted))
        guard accepted else { return .dontUpgrade }
        let beta = headers["openai-beta"] != nil
        let handler: WebSocketDataHandler<HTTP1WebSocketUpgradeChannel.Context> = { inbound, outbound, _ in
            var session = FakeRealtimeSession(index: index, state: state, script: script, outbound: outbound)
            try await session.run(inbound: inbound, beta: beta)
        }
        return .upgrade([:], handler)
    }

    actor State {
        var script: Script
        var sessions: [Session] = []
        var violations: [String] = []

        init(script: Script) { self.script = script }

        func setScript(_ script: Script) { self.script = script }

        func connected(_ session: Session) -> Int {
            sessions.append(session)
            return sessions.count - 1
        }

        func received(_ event: JSONValue, in index: Int) { sessions[index].events.append(event) }

        func committed(_ bytes: Int, in index: Int) { sessions[index].committedAudio.append(bytes) }

        func refused(_ why: String) { violations.append(why) }
    }
}

extension FakeRealtime: RunningFake {}
