import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import PostgresNIO
import ServiceLifecycle
import TagarelaChannels
import TagarelaCore
import TagarelaPostgres
import TagarelaProviders
import TagarelaSQLite

/// Everything but HTTP: storage, the intake, the model, the channels and the two workers. `serve` puts a
/// web server in front of it; `chat` drives it from the terminal.
///
/// The composition root: `Engine.build` and its `make…` functions (here, `Engine+Speech.swift`,
/// `ChannelMediaSources.swift`) are the only place that picks implementations (store, channels, providers, speech,
/// transcription, media sources), and hand each consumer the capabilities it needs explicitly.
public struct Engine: Sendable {
    public let store: any ConversationStore
    public let inbox: Inbox
    /// Kept files: records in the store, bytes where `MEDIA_STORAGE` says.
    public let files: MediaFiles
    /// Applies what the webhooks parsed: messages (through the inbox), number moves, delivery receipts.
    public let intake: Intake
    public let localChannel: LocalChannel
    /// Clears and deletes contacts, at the providers that keep their conversations too.
    public let eraser: ContactEraser
    /// The knowledge base the turns search: the dashboard's search box asks the same one (and its index).
    public let knowledge: KnowledgeBase
    /// Adds uploaded documents to `knowledge`, with its embedder.
    public let knowledgeIndexer: KnowledgeIndexer
    let httpClient: HTTPClient
    /// Follows no redirect by itself (media downloads follow theirs without credentials).
    let turnWorker: TurnWorker
    let outboxWorker: OutboxWorker
    /// Folds older messages into the contacts' running summaries; nil when `MEMORY_SUMMARY` is off.
    let summaryWorker: SummaryWorker?
    /// Hands idle takeovers back to the bot and purges what is older than the retention.
    let housekeeping: Housekeeping
    /// Services the store needs running (PostgreSQL's connection pool).
    let storeServices: [any Service]
    /// Tells this instance when another one stored work (PostgreSQL's `LISTEN/NOTIFY`); nil when no other can.
    let notifier: (any WorkNotifier)?
    /// Ends the leases of dead instances (a crashed predecessor's at start); the workers start once it has looked.
    let leaseRecovery: LeaseRecovery?
    let workersStart: StartGate
    let turnSignal: WorkSignal
    let outboxSignal: WorkSignal
    /// Deletes the files outside the database whose records went (an erasure runs it at once).
    public let fileJanitor: FileJanitor
    /// The MCP servers' tools, kept current while the workers run; nil without `MCP_SERVERS`.
    let mcp: MCPToolbox?
    let logger: Logger

    /// Services in start order; ServiceLifecycle stops them in reverse, so the workers stop first and the
    /// HTTP client and the database pool last. A `web` instance runs no workers.
    public func services(role: ServerRole = .all) -> [any Service] {
        var services =
            storeServices + [HTTPClientService(client: httpClient)]
        // Without a channel there is nothing this process could answer or send.
        guard role.runsWorkers, !turnWorker.settings.channels.isEmpty else { return services }
        if let notifier {
            services.append(
                WorkListener(notifier: notifier, turns: turnSignal, outbox: outboxSignal, logger: logger))
        }
        if let leaseRecovery { services.append(leaseRecovery) }
        if let mcp { services.append(MCPToolboxService(toolbox: mcp)) }
        let workers: [any Service] =
            [
                GatedService(gate: workersStart, service: outboxWorker),
                GatedService(gate: workersStart, service: turnWorker),
            ] + (summaryWorker.map { [GatedService(gate: workersStart, service: $0)] } ?? [])
        return services + workers + [housekeeping, fileJanitor]
    }

    /// Builds the engine, migrating the database first. `channels` are the channels this process serves
    /// (`serve`: those configured; `chat`: only the terminal).
    public static func build(
        _ configuration: Configuration, channels: Set<ChannelKind>, dependencies: Dependencies
    ) async throws -> Engine {
        let logger = dependencies.logger
        let opened = try await makeStore(configuration.database, logger: logger)
        let store = opened.store
        let httpClient = makeHTTPClient(configuration.queue)
        let files = try makeMediaFiles(configuration, store: store, httpClient: httpClient, logger: logger)
        let turnSignal = WorkSignal()
        let outboxSignal = WorkSignal()
        let summarySignal = WorkSignal()
        let localChannel = LocalChannel()
        var senders: [any ChannelSender] = []
        if channels.contains(.local) { senders.append(localChannel) }
        if channels.contains(.playground) { senders.append(PlaygroundChannel()) }
        if channels.contains(.twilio), let twilio = configuration.twilio {
            // A send must end well within its lease, or another worker would start looking it up meanwhile.
            let timeout = min(.seconds(15), configuration.queue.outboxLease / 2)
            senders.append(
                makeTwilioSender(
                    twilio, publicURL: configuration.server.publicURL, origins: store, timeout: timeout, httpClient,
                    logger))
        }
        // Photos for a model that sees, and photos Meta would refuse as they are (a WebP made a JPEG).
        let imageFitter = ImageResizer(ffmpegPath: configuration.voice.ffmpegPath)
        var typingIndicators: [ChannelKind: any TypingIndicator] = [:]
        if channels.contains(.meta), let meta = configuration.meta {
            let sender = makeMetaSender(
                meta, timeout: min(.seconds(15), configuration.queue.outboxLease / 2), httpClient,
                dependencies.timeSource, logger, mediaStore: files, imageFitter: imageFitter)
            senders.append(sender)
            typingIndicators[.meta] = sender
        }
        let (llm, holders) = makeLLM(
            configuration, store: store, httpClient: httpClient, timeSource: dependencies.timeSource,
            observer: dependencies.metrics, logger: logger)
        let queue = configuration.queue
        let mediaSources = makeMediaSources(configuration, logger: logger)
        let knowledge = makeKnowledge(
            configuration, store: store, httpClient: httpClient, timeSource: dependencies.timeSource, logger: logger)
        let mcp = makeMCP(configuration, timeSource: dependencies.timeSource, logger: logger)
        var tools = configuration.tools.registry(
            handoffNotice: configuration.texts.humanHandoff,
            canSpeak: configuration.speech.provider != .none && configuration.speech.mode != .never,
            catalogue: configuration.photos.descriptions == .off ? nil : store, knowledge: knowledge.base,
            extra: dependencies.extraTools,
            business: BusinessTools(
                store: store, dayStart: { [budgets = configuration.turnPolicy.budgets] in budgets.dayStart(of: $0) }))
        if let mcp { tools = tools.adding(mcp) }
        let voiceInput = makeVoiceInput(
            configuration, store: files, sources: mediaSources, httpClient: httpClient,
            timeSource: dependencies.timeSource, logger: logger)
        let processor = TurnProcessor(
            store: store, llm: llm, tools: tools,
            voice: voiceInput,
            photos: PhotoInput(
                sources: mediaSources, files: files, catalogue: store, quota: configuration.mediaQuota,
                descriptions: photoDescriptions(configuration), descriptionWait: configuration.photos.descriptionWait,
                modelSees: configuration.models.chain.contains { seesImages($0, configuration) },
                fitter: imageFitter,
                longestSide: configuration.photos.maxSide, timeSource: dependencies.timeSource),
            speech: makeVoiceOutput(
                configuration, store: files, httpClient: httpClient, timeSource: dependencies.timeSource, logger: logger
            ),
            realtime: makeRealtimeVoice(configuration, store: files, hears: voiceInput != nil, logger: logger),
            knowledge: knowledge.base,
            policy: configuration.turnPolicy,
            textLimits: Dictionary(senders.map { ($0.channel, $0.maxTextLength) }, uniquingKeysWith: min),
            typingIndicators: typingIndicators, timeSource: dependencies.timeSource, logger: logger)
        let owner = configuration.server.instanceID
        // Without a way to tell dead instances (an in-memory database), nothing waits for crash recovery.
        let workersStart = StartGate(open: opened.leases == nil)
        let outboxWorker = OutboxWorker(
            store: store, senders: senders,
            settings: OutboxWorker.Settings(
                owner: owner, concurrency: queue.outboxConcurrency, leaseDuration: queue.outboxLease,
                maxAttempts: queue.outboxMaxAttempts),
            timeSource: dependencies.timeSource, signal: outboxSignal, observer: dependencies.metrics, logger: logger)
        let inbox = Inbox(
            store: store, schedule: TurnSchedule(debounce: queue.debounce, maxWait: queue.debounceMaxWait),
            timeSource: dependencies.timeSource, signal: turnSignal, maxMessageAge: queue.maxMessageAge)
        return Engine(
            store: store,
            inbox: inbox,
            files: files,
            intake: Intake(
                inbox: inbox, store: store,
                reengagementTemplates: configuration.meta?.reengagementTemplate.map { [.meta: $0] } ?? [:],
                outboxSignal: outboxSignal, timeSource: dependencies.timeSource, logger: logger),
            localChannel: localChannel,
            eraser: ContactEraser(store: store, holders: holders),
            knowledge: knowledge.base, knowledgeIndexer: knowledge.indexer,
            httpClient: httpClient,
            turnWorker: TurnWorker(
                store: store, processor: processor,
                settings: TurnWorker.Settings(
                    owner: owner, channels: channels, maxConcurrentTurns: queue.maxConcurrentTurns,
                    leaseDuration: queue.turnLease),
                timeSource: dependencies.timeSource, signal: turnSignal, outboxSignal: outboxSignal,
                summarySignal: summarySignal, outbox: outboxWorker, observer: dependencies.metrics,
                alerts: TurnAlerts(
                    store: store,
                    sink: WebhookAlertSink(
                        url: configuration.admin.alertWebhookURL, publicURL: configuration.server.publicURL,
                        origins: store, httpClient: httpClient, logger: logger),
                    failedTurnsThreshold: configuration.admin.failedTurnsAlert),
                logger: logger),
            outboxWorker: outboxWorker,
            summaryWorker: makeSummaryWorker(
                configuration, store: store, llm: llm, owner: owner, signal: summarySignal,
                timeSource: dependencies.timeSource, logger: logger),
            housekeeping: Housekeeping(
                store: store,
                settings: Housekeeping.Settings(
                    handoffAutoResume: configuration.admin.handoffAutoResume, retention: configuration.admin.retention),
                timeSource: dependencies.timeSource, logger: logger),
            storeServices: opened.services, notifier: opened.notifier,
            leaseRecovery: opened.leases.map { leases in
                LeaseRecovery(
                    store: leases.store, liveness: leases.liveness, owner: owner, gate: workersStart,
                    signals: [turnSignal, outboxSignal, summarySignal], timeSource: dependencies.timeSource,
                    logger: logger)
            },
            workersStart: workersStart, turnSignal: turnSignal, outboxSignal: outboxSignal,
            fileJanitor: FileJanitor(
                queue: store, files: files, signal: WorkSignal(), timeSource: dependencies.timeSource, logger: logger),
            mcp: mcp,
            logger: logger
        )
    }

    /// Opens and migrates the database. PostgreSQL's migrations run on a short-lived pool of their own, so a
    /// database that is down or refuses the password stops start-up with one clear line.
    static func makeStore(_ database: DatabaseConfiguration, logger: Logger) async throws -> OpenedStore {
        switch database {
        case .sqlite(let path, let synchronous):
            let store = try ConversationSQLiteStore(path: path, synchronous: synchronous == .full ? .full : .normal)
            return OpenedStore(
                store: store, services: [], notifier: nil,
                leases: path == ":memory:"
                    ? nil : (store: store, liveness: SQLiteInstanceLiveness(databasePath: path)))
        case .postgres(let settings):
            let migrations = ConversationPostgresStore(settings: settings, logger: logger)
            do {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { await migrations.client.run() }
                    defer { group.cancelAll() }
                    try await migrations.migrate(reachableWithin: max(settings.connectTimeout * 2, .seconds(5)))
                }
            } catch {
                let hint = settings.certificateHint(for: error).map { "; \($0)" } ?? ""
                throw StartupError("cannot prepare the PostgreSQL database at \(settings.redactedURL): \(error)\(hint)")
            }
            let store = ConversationPostgresStore(settings: settings, logger: logger)
            return OpenedStore(
                store: store, services: [PostgresClientService(client: store.client)], notifier: store,
                leases: (store: store, liveness: store))
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
        _ twilio: TwilioConfiguration, publicURL: URL?, origins: any WebhookOriginStore, timeout: Duration,
        _ httpClient: HTTPClient, _ logger: Logger
    ) -> TwilioSender {
        let path = TwilioWebhookController.statusPath
        let callback = twilio.statusCallbacks ? publicURL.map { $0.absoluteString + path } : nil
        // Without PUBLIC_URL, links are built on the origin of the last signed webhook, read at each send.
        return TwilioSender(
            httpClient: httpClient, accountSID: twilio.accountSID, authToken: twilio.authToken, from: twilio.from,
            messagingServiceSID: twilio.messagingServiceSID, apiBaseURL: twilio.apiBaseURL.absoluteString,
            statusCallbackURL: callback, mediaBaseURL: publicURL?.absoluteString,
            linkOrigins: publicURL == nil ? origins : nil, statusCallbackPath: twilio.statusCallbacks ? path : nil,
            timeout: timeout, logger: logger)
    }

    static func makeMetaSender(
        _ meta: MetaConfiguration, timeout: Duration, _ httpClient: HTTPClient, _ timeSource: any TimeSource,
        _ logger: Logger, mediaStore: (any MediaStore)? = nil, imageFitter: (any ImageFitter)? = nil
    ) -> MetaSender {
        MetaSender(
            httpClient: httpClient, accessToken: meta.accessToken, phoneNumberID: meta.phoneNumberID,
            graphAPIBaseURL: meta.graphAPIBaseURL.absoluteString, timeout: timeout,
            maxTextLength: meta.maxMessageLength,
            reengagementTemplate: meta.reengagementTemplate.map {
                MetaTemplate(name: $0, languageCode: meta.reengagementTemplateLanguage)
            }, mediaStore: mediaStore, imageFitter: imageFitter, timeSource: timeSource, logger: logger)
    }

    /// The configured providers in order, behind one fallback chain when there are several; each is observed
    /// on its own, so metrics count every provider's calls and errors under its name.
    /// The configured chain, and the providers in it that keep contacts' conversations on their side.
    static func makeLLM(
        _ configuration: Configuration, store: any ConversationStore, httpClient: HTTPClient,
        timeSource: any TimeSource, observer: any WorkObserver, logger: Logger
    ) -> (any LLMProvider, [any ContactStateHolder]) {
        let made = configuration.models.chain.compactMap {
            kind -> (provider: any LLMProvider, holder: (any ContactStateHolder)?)? in
            guard
                let made = makeProvider(
                    kind, configuration, store: store, httpClient: httpClient, timeSource: timeSource, logger: logger)
            else { return nil }
            // A model that cannot see gets each photo's text note instead.
            return (seesImages(kind, configuration) ? made.provider : TextOnlyProvider(made.provider), made.holder)
        }
        let holders = made.compactMap(\.holder)
        let observed = made.map { ObservedLLMProvider($0.provider, observer: observer) }
        switch observed.count {
        case 0: return (UnconfiguredLLM(), holders)
        case 1: return (observed[0], holders)
        default: return (FallbackChain(observed, logger: logger), holders)
        }
    }

    /// `IMAGE_DESCRIPTIONS`, except that `auto` needs a model that sees: without one the contact is asked.
    static func photoDescriptions(_ configuration: Configuration) -> PhotoInput.Descriptions {
        let descriptions = configuration.photos.descriptions
        guard descriptions == .auto else { return descriptions }
        return configuration.models.chain.contains { seesImages($0, configuration) } ? .auto : .ask
    }

    /// `LLM_VISION` for the provider: whether it is shown the turn's photos or their text notes.
    static func seesImages(_ kind: LLMProviderKind, _ configuration: Configuration) -> Bool {
        let vision = configuration.photos.vision
        switch kind {
        case .openai:
            return vision.isEnabled(for: .openAIResponses, baseURL: configuration.openAI?.baseURL.absoluteString ?? "")
        case .openaiChat:
            return vision.isEnabled(for: .openAIChat, baseURL: configuration.openAI?.baseURL.absoluteString ?? "")
        case .gemini:
            return vision.isEnabled(for: .gemini, baseURL: configuration.gemini?.baseURL.absoluteString ?? "")
        }
    }

    /// One configured provider, and the same provider again when it keeps contacts' conversations on its side (so
    /// that erasing a contact erases them there too).
    static func makeProvider(
        _ kind: LLMProviderKind, _ configuration: Configuration, store: any ConversationStore, httpClient: HTTPClient,
        timeSource: any TimeSource, logger: Logger
    ) -> (provider: any LLMProvider, holder: (any ContactStateHolder)?)? {
        let models = configuration.models
        func connection(_ baseURL: URL, apiKey: String?, model: String) -> ProviderConnection {
            ProviderConnection(
                httpClient: httpClient, baseURL: baseURL.absoluteString, apiKey: apiKey, model: model,
                timeout: models.timeout, retryPolicy: RetryPolicy(maxAttempts: models.maxAttempts),
                maxOutputTokens: models.maxOutputTokens, temperature: models.temperature, timeSource: timeSource,
                logger: logger)
        }
        switch kind {
        case .openai:
            guard let openAI = configuration.openAI, let apiKey = openAI.apiKey else { return nil }
            let responses = OpenAIResponsesProvider(connection(openAI.baseURL, apiKey: apiKey, model: openAI.model))
            guard openAI.history == .conversations else { return (responses, nil) }
            let conversations = OpenAIConversationsProvider(
                responses: responses, store: store, maxConversationTokens: openAI.conversationMaxTokens)
            return (conversations, conversations)
        case .openaiChat:
            guard let openAI = configuration.openAI else { return nil }
            return (OpenAIChatProvider(connection(openAI.baseURL, apiKey: openAI.apiKey, model: openAI.model)), nil)
        case .gemini:
            guard let gemini = configuration.gemini else { return nil }
            return (GeminiProvider(connection(gemini.baseURL, apiKey: gemini.apiKey, model: gemini.model)), nil)
        }
    }
}

/// Stands in when no model is configured: every turn gets the fallback text and the log says why.
struct UnconfiguredLLM: LLMProvider {
    let name = "none"

    func reply(to request: LLMRequest) async throws -> LLMReply {
        throw LLMError.invalidResponse(
            "no LLM provider is configured (set OPENAI_API_KEY, OPENAI_BASE_URL or GEMINI_API_KEY)")
    }
}
