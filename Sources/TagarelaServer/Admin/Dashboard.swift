import Foundation
import Hummingbird
import TagarelaChannels
import TagarelaCore
import TagarelaProviders

/// The web dashboard under `/admin`: server-rendered pages behind the `ADMIN_PASSWORD` login. Without a password
/// it opens only through the one-time link printed at start-up (`firstRun`), or answers that it is off.
struct Dashboard: Sendable {
    let sessions: AdminSessions?
    /// The one-time login link of a start without `ADMIN_PASSWORD`; nil with a password (or on a worker).
    let firstRun: FirstRunLogin?
    let operations: ContactOperations
    let knowledge: KnowledgeOperations
    let configuration: Configuration
    let inbox: Inbox
    let metrics: ServerMetrics
    /// Per instance: see the README's *Security* section for why that is enough behind a load balancer.
    let throttle: LoginThrottle
    /// The MCP servers' tools, for the Settings page; nil without any.
    let mcp: MCPToolbox?
    var store: any ConversationStore { operations.store }
    var timeSource: any TimeSource { operations.timeSource }

    init(
        configuration: Configuration, operations: ContactOperations, knowledge: KnowledgeOperations, inbox: Inbox,
        metrics: ServerMetrics, mcp: MCPToolbox? = nil, firstRun: FirstRunLogin? = nil
    ) {
        self.mcp = mcp
        self.firstRun = configuration.admin.password == nil ? firstRun : nil
        sessions = AdminSessions(
            password: configuration.admin.password ?? self.firstRun?.sessionKey,
            secret: configuration.admin.sessionSecret,
            store: operations.store, lifetime: configuration.admin.sessionLifetime,
            publicURL: configuration.server.publicURL)
        self.operations = operations
        self.knowledge = knowledge
        self.configuration = configuration
        self.inbox = inbox
        self.metrics = metrics
        throttle = LoginThrottle(timeSource: operations.timeSource)
    }

    /// What `request` says about its client, believing only `TRUSTED_PROXIES`.
    func forwarded(_ request: Request, _ context: some RemoteAddressRequestContext) -> ForwardedRequest {
        ForwardedRequest(request, context: context, trusting: configuration.server.trustedProxies)
    }

    func addRoutes(to router: Router<some RemoteAddressRequestContext>) {
        router.get("/admin/assets/style.css") { _, _ in Self.asset(AdminAssets.stylesheet, type: "text/css") }
        router.get("/admin/assets/playground.js") { _, _ in
            Self.asset(AdminAssets.playgroundScript, type: "text/javascript")
        }
        addLogin(to: router)
        addFirstRun(to: router)
        addOverview(to: router)
        addConversations(to: router)
        addConversationControls(to: router)
        addGallery(to: router)
        addKnowledge(to: router)
        addPlayground(to: router)
        router.get("/admin/settings") { request, _ in
            let session = try await gate(request)
            let locale = locale(request)
            return try await layout(session, locale).page(.settings, settingsPage(session, locale.text))
        }
        router.get("/admin/media/:id") { request, context in
            _ = try await gate(request)
            return try await MediaController(store: operations.files, adminToken: nil, timeSource: timeSource)
                .kept(context.parameters.get("id") ?? "")
        }
    }

    /// The frame of a page for this session, with the alert badge.
    func layout(_ session: AdminSession, _ locale: DashboardLocale) async throws -> AdminLayout {
        let waiting = try await store.contacts(ContactListQuery(waitingForHuman: true, limit: 100)).count
        return AdminLayout(
            session: session, waiting: waiting, locale: locale, banner: firstRunBanner(locale.text.firstRun))
    }

    /// The language `DASHBOARD_LANGUAGE` picks for a page request, with the installation's time zone.
    func locale(_ request: Request) -> DashboardLocale {
        DashboardLocale(
            for: request, setting: configuration.admin.language, timeZone: configuration.tools.defaultTimeZone)
    }

    static func asset(_ text: String, type: String) -> Response {
        var headers = AdminHeaders.security
        headers[.contentType] = "\(type); charset=utf-8"
        headers[.cacheControl] = "public, max-age=3600"
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    static func redirect(_ location: String) -> Response {
        var headers = AdminHeaders.security
        headers[.location] = location
        return Response(status: .seeOther, headers: headers)
    }
}
