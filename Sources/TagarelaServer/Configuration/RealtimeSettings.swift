import Foundation
import TagarelaChannels
import TagarelaCore

/// Realtime voice (`VOICE_PIPELINE`, `REALTIME_*`): voice notes answered speech to speech in one session of
/// OpenAI's Realtime API, the classic pipeline answering when it fails.
public struct RealtimeSettings: Sendable, Equatable {
    /// `VOICE_PIPELINE`.
    public enum Pipeline: String, Sendable, Equatable, CaseIterable {
        /// Transcribe → model → speak.
        case classic
        /// One speech-to-speech session, the classic pipeline as the fallback.
        case realtime
    }

    public var pipeline = Pipeline.classic
    /// `REALTIME_MODEL` (`gpt-realtime`).
    public var model = "gpt-realtime"
    /// `REALTIME_VOICE`; nil keeps the API's default voice.
    public var voice: String?
    /// `REALTIME_API_KEY`, else `OPENAI_API_KEY`. Secret.
    public var apiKey: String?
    /// `REALTIME_BASE_URL`: `wss://api.openai.com/v1/realtime`; plain `ws://` only to a loopback address.
    public var baseURL = Self.defaultBaseURL
    /// `REALTIME_CONNECT_TIMEOUT_SECONDS` (5) and `REALTIME_ANSWER_TIMEOUT_SECONDS` (60).
    public var connectTimeout = Duration.seconds(5)
    public var answerTimeout = Duration.seconds(60)

    public init() {}

    public static let defaultBaseURL = URL(string: "wss://api.openai.com/v1/realtime")!
}

extension RealtimeSettings {
    init(_ reader: EnvironmentReader, openAI: OpenAIConfiguration?) throws(ConfigurationError) {
        let pipeline: Pipeline = try reader.choice("VOICE_PIPELINE", default: .classic)
        let apiKey = reader.string("REALTIME_API_KEY") ?? openAI?.apiKey
        let baseURL = try Self.webSocketURL(reader) ?? Self.defaultBaseURL
        if pipeline == .realtime, apiKey == nil {
            throw ConfigurationError(
                setting: "VOICE_PIPELINE",
                message: "VOICE_PIPELINE is realtime, but neither REALTIME_API_KEY nor OPENAI_API_KEY is set")
        }
        self.init()
        self.pipeline = pipeline
        model = reader.string("REALTIME_MODEL") ?? model
        voice = reader.string("REALTIME_VOICE")
        self.apiKey = apiKey
        self.baseURL = baseURL
        connectTimeout = try reader.seconds("REALTIME_CONNECT_TIMEOUT_SECONDS", default: 5, in: 1...60)
        answerTimeout = try reader.seconds("REALTIME_ANSWER_TIMEOUT_SECONDS", default: 60, in: 1...600)
    }

    /// `REALTIME_BASE_URL`: `wss://` with a host, or `ws://` to a loopback address (a test's fake): the key goes
    /// in the upgrade request's header, which plain `ws://` would show to the network.
    private static func webSocketURL(_ reader: EnvironmentReader) throws(ConfigurationError) -> URL? {
        let name = "REALTIME_BASE_URL"
        guard let raw = reader.string(name) else { return nil }
        var text = raw
        while text.hasSuffix("/") { text.removeLast() }
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), scheme == "wss" || scheme == "ws",
            let host = url.host, !host.isEmpty, url.query == nil, url.fragment == nil
        else {
            throw .invalid(name, mustBe: "a wss:// URL with a host, e.g. wss://api.openai.com/v1/realtime", got: raw)
        }
        if scheme == "ws",
            !(host == "localhost" || IPAddress(host.trimmingCharacters(in: ["[", "]"]))?.isLoopback == true)
        {
            throw ConfigurationError(
                setting: name,
                message: "\(name) may use plain ws:// only to a loopback address (got \(host)); use wss://")
        }
        return url
    }
}
