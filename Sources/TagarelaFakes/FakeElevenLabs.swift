import Foundation

/// A strict stand-in for ElevenLabs' `POST /v1/text-to-speech/{voice_id}` (ElevenLabs' text-to-speech reference), on
/// 127.0.0.1. It checks the key, the voice, `output_format` and the JSON body, and answers real audio in the asked
/// format (a tone as long as the text would take to say), or a scripted reply.
public final class FakeElevenLabs: Sendable {
    /// One request as the fake received it, rejected ones included.
    public struct Request: Sendable, Equatable {
        public var method: String
        public var path: String
        /// Header names lowercased.
        public var headers: [String: String]
        public var voiceID: String?
        public var outputFormat: String?
        public var rawJSON: String
        public var text: String?
        public var modelID: String?
        /// Why the fake refused the request, nil when it passed validation.
        public var rejection: String?

        public var apiKey: String? { headers["xi-api-key"] }
    }

    /// How the fake answers a valid request.
    public indirect enum Reply: Sendable {
        /// Real audio in the requested `output_format`, as long as the text would take to say.
        case speech
        /// These bytes with this content type, whatever was asked (an MP3 when Opus was asked, garbage).
        case audio(Data, contentType: String)
        /// `{"detail":{"status","message"}}` with this HTTP status, e.g. 401 `quota_exceeded`.
        case error(status: Int, detailStatus: String, message: String, retryAfter: String? = nil)
        /// Waits (real time) and then answers; only timeout tests should use it.
        case delayed(Duration, Reply)
    }

    public typealias Responder = @Sendable (Request) async -> Reply

    /// The output formats of the 2025-08-25 spec.
    public static let outputFormats: Set<String> = [
        "mp3_22050_32", "mp3_44100_32", "mp3_44100_64", "mp3_44100_96", "mp3_44100_128", "mp3_44100_192",
        "pcm_8000", "pcm_16000", "pcm_22050", "pcm_24000", "pcm_44100", "pcm_48000", "ulaw_8000", "alaw_8000",
        "opus_48000_32", "opus_48000_64", "opus_48000_96", "opus_48000_128", "opus_48000_192",
    ]

    /// Recorded requests, scripted replies and the responder.
    typealias State = ScriptedReplies<Request, Reply>

    let server: FakeServer
    let state: State

    /// `http://127.0.0.1:PORT`, the host without `/v1`, as the synthesizer's base URL.
    public var baseURL: String { "http://127.0.0.1:\(server.port)" }

    private init(server: FakeServer, state: State) {
        self.server = server
        self.state = state
    }

    /// Starts the fake; it accepts only `apiKey` and the voices in `voiceIDs`.
    public static func start(apiKey: String = "el-test", voiceIDs: Set<String> = ["voice-test"]) async throws
        -> FakeElevenLabs
    {
        let state = State { _ in .speech }
        let handler = FakeElevenLabsHandler(apiKey: apiKey, voiceIDs: voiceIDs, state: state)
        let server = try await FakeServer.start(name: "FakeElevenLabs") { request, _ in
            await handler.handle(request)
        }
        return FakeElevenLabs(server: server, state: state)
    }

    public func stop() async { await server.stop() }

    /// Replaces the default responder (`.speech`).
    public func setResponder(_ responder: @escaping Responder) async { await state.setResponder(responder) }

    /// One-off replies, used in order before the responder.
    public func enqueue(_ replies: [Reply]) async { await state.enqueue(replies) }

    /// Every request received so far, in arrival order.
    public func requests() async -> [Request] { await state.requests }

    public func requestCount() async -> Int { await state.requests.count }
}

extension FakeElevenLabs: RunningFake {}
