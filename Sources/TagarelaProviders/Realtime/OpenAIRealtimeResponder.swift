import Foundation
import HTTPTypes
import Logging
import Synchronization
import TagarelaCore
import WSClient

/// A `SpeechToSpeech` over OpenAI's Realtime API: one WebSocket session per turn (`wss://…/v1/realtime?model=…`),
/// closed when the answer is collected.
///
/// It connects only to the URL the operator configured (`REALTIME_BASE_URL`), never to an address a contact or
/// a model chose, so it does not go through `OutboundFetcher`'s checks, which guard fetches of such addresses.
public struct OpenAIRealtimeResponder: SpeechToSpeech {
    public let name = "openai-realtime"
    public let model: String
    let url: String
    let apiKey: String
    let voice: String?
    let transcriptionModel: String
    let connectTimeout: Duration
    let answerTimeout: Duration
    let logger: Logger

    /// Audio deltas arrive as base64 in text frames, often larger than the client's default 16 KiB frame; the API
    /// allows 15 MiB of audio per event, so frames of up to 32 MiB are read.
    static let maxFrameSize = 32 << 20

    /// `baseURL` is `wss://api.openai.com/v1/realtime` (or a loopback `ws://` fake); the model goes in the query.
    public init(
        baseURL: URL, apiKey: String, model: String, voice: String?,
        transcriptionModel: String = "gpt-4o-mini-transcribe",
        connectTimeout: Duration, answerTimeout: Duration, logger: Logger
    ) {
        var components = URLComponents(url: baseURL, resolvingAgainstBaseURL: false)
        let query = components?.queryItems ?? []
        components?.queryItems = query + [URLQueryItem(name: "model", value: model)]
        self.url = components?.string ?? baseURL.absoluteString
        self.apiKey = apiKey
        self.model = model
        self.voice = voice
        self.transcriptionModel = transcriptionModel
        self.connectTimeout = connectTimeout
        self.answerTimeout = answerTimeout
        self.logger = logger
    }

    public func answer(
        _ request: SpokenTurn, runTools: @escaping @Sendable ([ToolCall]) async -> ToolRoundOutcome
    ) async throws -> SpokenAnswer {
        let box = SessionBox()
        let (upgraded, upgrade) = AsyncStream.makeStream(of: Void.self)
        var headers = HTTPFields()
        headers[.authorization] = "Bearer \(apiKey)"
        // No `OpenAI-Beta: realtime=v1`: that header selects the retired beta shape, which the GA API refuses.
        let configuration = WebSocketClientConfiguration(
            maxFrameSize: Self.maxFrameSize, additionalHeaders: headers, closeTimeout: .seconds(2))
        let (url, logger, voice, transcriptionModel) = (url, logger, voice, transcriptionModel)
        let (connectTimeout, answerTimeout) = (connectTimeout, answerTimeout)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                // `wss://` gets the client's default TLS configuration: the system's trust roots, the host checked.
                let client = WebSocketClient(url: url, configuration: configuration, logger: logger) {
                    inbound, outbound, _ in
                    box.connected.store(true, ordering: .releasing)
                    upgrade.yield()
                    var messages = inbound.messages(maxSize: Self.maxFrameSize).makeAsyncIterator()
                    var conversation = RealtimeConversation(
                        request: request, voice: voice, transcriptionModel: transcriptionModel, runTools: runTools,
                        send: { event in try await outbound.write(.text(event.jsonText)) },
                        receive: {
                            while let message = try await messages.next() {
                                guard case .text(let text) = message else { continue }
                                guard let event = JSONValue(parsing: text) else {
                                    throw SpeechToSpeechError.invalidResponse("a frame that is not JSON")
                                }
                                return event
                            }
                            return nil
                        })
                    let answer = try await conversation.run()
                    box.answer.withLock { $0 = answer }
                }
                do {
                    try await client.run()
                } catch let error as SpeechToSpeechError {
                    throw error
                } catch let error as WebSocketClientError {
                    throw SpeechToSpeechError.connect("\(error)")
                } catch {
                    throw box.connected.load(ordering: .acquiring)
                        ? SpeechToSpeechError.closed("\(error)") : SpeechToSpeechError.connect("\(error)")
                }
            }
            group.addTask {
                // The answer's time starts once the upgrade is done, however long connecting took.
                let connected = await withTaskGroup(of: Bool.self) { race in
                    race.addTask {
                        for await _ in upgraded { return true }
                        return false
                    }
                    race.addTask {
                        try? await Task.sleep(for: connectTimeout)
                        return false
                    }
                    defer { race.cancelAll() }
                    return await race.next() ?? false
                }
                guard connected else { throw SpeechToSpeechError.timeout("connecting (\(connectTimeout))") }
                try await Task.sleep(for: answerTimeout)
                throw SpeechToSpeechError.timeout("waiting for the answer (\(answerTimeout))")
            }
            defer { group.cancelAll() }
            _ = try await group.next()
        }
        guard let answer = box.answer.withLock({ $0 }) else {
            throw SpeechToSpeechError.closed("the session ended without an answer")
        }
        return answer
    }
}

/// What the session's tasks share: whether the upgrade succeeded (the connect timeout's question) and the answer.
private final class SessionBox: Sendable {
    let connected = Atomic<Bool>(false)
    let answer = Mutex<SpokenAnswer?>(nil)
}
