import Foundation
import Hummingbird
import Logging
import NIOCore
import TagarelaChannels
import TagarelaCore

/// `serve`: the routes in front of the `Engine`, which picks every implementation (see `Engine.build`).
public func buildApplication(
    _ configuration: Configuration, role: ServerRole = .all, dependencies: Dependencies = Dependencies()
) async throws -> some ApplicationProtocol {
    // No local channel here: the terminal chat's turns are answered in the chat process, where its reader is.
    var channels: Set<ChannelKind> = []
    if configuration.twilio != nil { channels.insert(.twilio) }
    if configuration.meta != nil { channels.insert(.meta) }
    if !channels.isEmpty, !configuration.models.isConfigured, !configuration.models.disabled, role.runsWorkers {
        // Every contact would get the fallback text: better not to start.
        let channel = configuration.twilio != nil ? "Twilio" : "The Meta WhatsApp channel"
        throw StartupError(
            "\(channel) is configured but no model is: set OPENAI_API_KEY (or OPENAI_BASE_URL for a local server) "
                + "or GEMINI_API_KEY")
    }
    // Without ADMIN_PASSWORD the web server prints a one-time link to its dashboard (see FirstRunLogin).
    let firstRun =
        configuration.admin.password == nil && role.takesWebhooks
        ? FirstRunLogin.make(now: dependencies.timeSource.now()) : nil
    // The dashboard's playground is answered by this server's workers, with or without a WhatsApp channel.
    if configuration.admin.password != nil || firstRun != nil { channels.insert(.playground) }
    let engine = try await Engine.build(configuration, channels: channels, dependencies: dependencies)
    let router = buildRouter(
        configuration, role: role, engine: engine, dependencies: dependencies, firstRun: firstRun?.login)
    var application = Application(
        router: router,
        configuration: ApplicationConfiguration(
            address: .hostname(configuration.server.host, port: configuration.server.port), serverName: "Tagarela"),
        onServerRunning: { channel in
            let port = channel.localAddress?.port ?? 0
            if let firstRun { dependencies.announceFirstRunLink(FirstRunLogin.link(port: port, token: firstRun.token)) }
            await dependencies.onServerRunning(port)
        },
        logger: dependencies.logger)
    application.addServices(engine.services(role: role))
    return application
}

/// The routes: public health, signed webhooks, and the admin API.
func buildRouter(
    _ configuration: Configuration, role: ServerRole, engine: Engine, dependencies: Dependencies,
    firstRun: FirstRunLogin? = nil
) -> Router<ServerRequestContext> {
    let router = Router(context: ServerRequestContext.self)
    router.add(middleware: RequestLogMiddleware(metrics: dependencies.metrics))
    router.add(middleware: UnauthenticatedRequestLimit(limit: configuration.server.maxUnauthenticatedRequests))
    router.add(
        middleware: StrictTransportSecurity(
            publicURL: configuration.server.publicURL, trustedProxies: configuration.server.trustedProxies))
    let auth = AdminAuth(token: configuration.server.adminToken)
    HealthController(
        store: engine.store, configuration: configuration, auth: auth, timeSource: dependencies.timeSource
    ).addRoutes(to: router)
    MediaController(
        store: engine.files, adminToken: configuration.server.adminToken, timeSource: dependencies.timeSource
    ).addRoutes(to: router)
    MetricsController(
        metrics: dependencies.metrics, store: engine.store,
        auth: configuration.server.metricsPublic ? nil : AdminAuth(token: configuration.server.adminToken)
    ).addRoutes(to: router)
    StatsController(
        store: engine.store, adminToken: configuration.server.adminToken, prices: configuration.models.prices,
        timing: configuration.queue.replyTiming, timeSource: dependencies.timeSource
    ).addRoutes(to: router)
    let operations = ContactOperations(
        store: engine.store, files: engine.files, eraser: engine.eraser, fileJanitor: engine.fileJanitor,
        outboxSignal: engine.outboxSignal, timeSource: dependencies.timeSource, logger: dependencies.logger)
    let knowledge = KnowledgeOperations(knowledge: engine.knowledge, indexer: engine.knowledgeIndexer)
    Dashboard(
        configuration: configuration, operations: operations, knowledge: knowledge, inbox: engine.inbox,
        metrics: dependencies.metrics, mcp: engine.mcp, firstRun: firstRun
    ).addRoutes(to: router)
    WelcomeController(
        dashboardOpen: configuration.admin.password != nil, language: configuration.admin.language,
        firstRunLink: firstRun != nil, businessMissing: configuration.businessWarning != nil
    ).addRoutes(to: router)
    ContactsController(operations: operations, auth: auth).addRoutes(to: router)
    CatalogueController(operations: operations, auth: auth).addRoutes(to: router)
    KnowledgeController(knowledge: knowledge, auth: auth).addRoutes(to: router)
    LegacyCatalogueRoutes(store: engine.store, auth: auth, publicURL: configuration.server.publicURL)
        .addRoutes(to: router)
    LegacyMemoryRoutes(operations: operations, auth: auth, memoryMessages: configuration.memory.maxMessages)
        .addRoutes(to: router)
    guard role.takesWebhooks else { return router }
    let twilio = configuration.twilio.map { twilio in
        TwilioWebhookController(
            validator: TwilioSignatureValidator(authToken: twilio.authToken, sharedKeySecret: twilio.webhookSigningKey),
            origin: WebhookOrigin(
                publicURL: configuration.server.publicURL?.absoluteString,
                trustedProxies: configuration.server.trustedProxies, store: engine.store,
                timeSource: dependencies.timeSource, logger: dependencies.logger),
            intake: engine.intake, metrics: dependencies.metrics, logger: dependencies.logger)
    }
    let meta = configuration.meta.map { meta in
        MetaWebhookController(
            verifyToken: meta.verifyToken, validator: meta.appSecret.map { MetaSignatureValidator(appSecret: $0) },
            phoneNumberID: meta.phoneNumberID, intake: engine.intake, metrics: dependencies.metrics,
            logger: dependencies.logger)
    }
    twilio?.addRoutes(to: router)
    meta?.addRoutes(to: router)
    if twilio != nil || meta != nil {
        SharedWebhookRoutes(twilio: twilio, meta: meta).addRoutes(to: router)
    }
    return router
}

/// A combination of settings the server cannot run with, found while building it.
public struct StartupError: Error, CustomStringConvertible {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}
