import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import ServiceLifecycle
import TagarelaChannels
import TagarelaCore
import TagarelaProviders
import TagarelaSQLite

/// Everything but HTTP: storage, the inbox, the model, the channels and the two workers. `serve` puts a
/// web server in front of it; `chat` drives it from the terminal.
public struct Engine: Sendable {
    public let store: any ConversationStore
    public let inbox: Inbox
    public let localChannel: LocalChannel
    let httpClient: HTTPClient
    let turnWorker: TurnWorker
    let outboxWorker: OutboxWorker

    /// Services in start order; ServiceLifecycle stops them in reverse, so the HTTP client goes last.
    public var services: [any Service] { [HTTPClientService(client: httpClient), outboxWorker, turnWorker] }

    /// Builds the engine. `channels` are the channels this process serves (`serve`: those configured; `chat`:
    /// only the terminal).
    public static func build(
        _ configuration: Configuration, channels: Set<ChannelKind>, dependencies: Dependencies
    ) throws -> Engine {
        let logger = dependencies.logger
        let store = try makeStore(configuration.database)
        let httpClient = makeHTTPClient(configuration.queue)
        let turnSignal = WorkSignal()
        let outboxSignal = WorkSignal()
        let localChannel = LocalChannel()
        var senders: [any ChannelSender] = []
        if channels.contains(.local) { senders.append(localChannel) }
        if channels.contains(.twilio), let twilio = configuration.twilio {
            senders.append(makeTwilioSender(twilio, publicURL: configuration.server.publicURL, httpClient, logger))
        }
        let llm = makeLLM(configuration, httpClient: httpClient, timeSource: dependencies.timeSource, logger: logger)
        let queue = configuration.queue
        let processor = TurnProcessor(
            store: store, llm: llm, policy: configuration.turnPolicy,
            textLimits: Dictionary(senders.map { ($0.channel, $0.maxTextLength) }, uniquingKeysWith: min),
            timeSource: dependencies.timeSource, logger: logger)
        let owner = configuration.server.instanceID
        return Engine(
            store: store,
            inbox: Inbox(
                store: store, schedule: TurnSchedule(debounce: queue.debounce, maxWait: queue.debounceMaxWait),
                timeSource: dependencies.timeSource, signal: turnSignal),
            localChannel: localChannel,
            httpClient: httpClient,
            turnWorker: TurnWorker(
                store: store, processor: processor,
                settings: TurnWorker.Settings(
                    owner: owner, channels: channels, maxConcurrentTurns: queue.maxConcurrentTurns,
                    leaseDuration: queue.turnLease),
                timeSource: dependencies.timeSource, signal: turnSignal, outboxSignal: outboxSignal, logger: logger),
            outboxWorker: OutboxWorker(
                store: store, senders: senders,
                settings: OutboxWorker.Settings(
                    owner: owner, concurrency: queue.outboxConcurrency, maxAttempts: queue.outboxMaxAttempts),
                timeSource: dependencies.timeSource, signal: outboxSignal, logger: logger)
        )
    }

    static func makeStore(_ database: DatabaseConfiguration) throws -> any ConversationStore {
        switch database {
        case .sqlite(let path, let synchronous):
            try ConversationSQLiteStore(path: path, synchronous: synchronous == .full ? .full : .normal)
        }
    }

    static func makeHTTPClient(_ queue: QueueSettings) -> HTTPClient {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool = HTTPClient.Configuration.ConnectionPool(
            idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: queue.httpMaxConnectionsPerHost)
        configuration.timeout = HTTPClient.Configuration.Timeout(connect: .seconds(10), read: .seconds(120))
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    static func makeTwilioSender(
        _ twilio: TwilioConfiguration, publicURL: URL?, _ httpClient: HTTPClient, _ logger: Logger
    ) -> TwilioSender {
        let callback = twilio.statusCallbacks ? publicURL.map { $0.absoluteString + "/webhooks/twilio/status" } : nil
        return TwilioSender(
            httpClient: httpClient, accountSID: twilio.accountSID, authToken: twilio.authToken, from: twilio.from,
            messagingServiceSID: twilio.messagingServiceSID, apiBaseURL: twilio.apiBaseURL.absoluteString,
            statusCallbackURL: callback, timeout: .seconds(15), logger: logger)
    }

    static func makeLLM(
        _ configuration: Configuration, httpClient: HTTPClient, timeSource: any TimeSource, logger: Logger
    ) -> any LLMProvider {
        guard let openAI = configuration.openAI else { return UnconfiguredLLM() }
        return OpenAIChatProvider(
            httpClient: httpClient, baseURL: openAI.baseURL.absoluteString, apiKey: openAI.apiKey,
            model: openAI.model, timeout: openAI.timeout, retryPolicy: RetryPolicy(maxAttempts: openAI.maxAttempts),
            maxOutputTokens: openAI.maxOutputTokens, temperature: openAI.temperature, timeSource: timeSource,
            logger: logger)
    }
}

/// Stands in when no model is configured: every turn gets the fallback text and the log says why.
struct UnconfiguredLLM: LLMProvider {
    let name = "none"

    func reply(to request: LLMRequest) async throws -> LLMReply {
        throw LLMError.invalidResponse("no LLM provider is configured (set OPENAI_API_KEY or OPENAI_BASE_URL)")
    }
}
