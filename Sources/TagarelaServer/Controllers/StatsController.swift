import Hummingbird
import TagarelaChannels
import TagarelaCore

/// `GET /api/stats` (or `/stats`): counters for scripts and monitoring, behind the admin token.
struct StatsController {
    let store: any ConversationStore
    let adminToken: String?
    /// `LLM_PRICES`, for the estimated cost per model.
    let prices: Prices
    /// `REPLY_DEADLINE_SECONDS`, for the share of turns answered within it.
    let timing: ReplyTiming
    let timeSource: any TimeSource

    func addRoutes(to router: Router<some RequestContext>) {
        // `/stats` is the older scripts' path; `/api/stats` sits with the rest of the admin API.
        for path in ["/stats", "/api/stats"] {
            router.get(RouterPath(path)) { request, _ in
                try AdminAuth(token: adminToken).check(request)
                var response = StatsResponse(try await store.stats(), prices: prices)
                response.replyDeadline = try await ReplyDeadlineShare.measure(
                    store: store, timing: timing, now: timeSource.now())
                return response
            }
        }
    }
}

/// The JSON of `/stats`.
struct StatsResponse: ResponseEncodable {
    var contacts: Int
    var messages: Messages
    var turns: Turns
    var tokens: Tokens
    var cost: Cost
    var queue: Queue
    /// The last week's turns answered within `REPLY_DEADLINE_SECONDS`; absent while it is off.
    var replyDeadline: ReplyDeadlineShare?

    struct Messages: Codable {
        var inbound: Int, outbound: Int, failed: Int, unknown: Int
        /// Failed sends by the provider's error code, e.g. Meta `131047` (outside the 24-hour window).
        var failedByCode: [String: Int]
        /// Replies that could not go out because the contact last wrote more than 24 hours before (Meta
        /// `131047`, Twilio `63016`): a re-engagement template is needed.
        var outsideWindow: Int
    }
    struct Turns: Codable {
        /// `failed` counts the turns whose contact got the fallback: the model failed, or the reply deadline passed.
        var total: Int, answered: Int, failed: Int
        /// Answered turns by the provider that answered.
        var byProvider: [String: Int]
    }
    struct Tokens: Codable {
        var input: Int, output: Int
        /// By model, with the estimated cost where `LLM_PRICES` names the model.
        var byModel: [String: ModelTokens]
        /// The sum of the estimated costs, in US dollars; nil when no model used has a price.
        var estimatedCostUSD: Double?
    }
    /// What the turns cost as recorded when each ran, at the prices of then: text and audio (voice heard and
    /// spoken), in US dollars.
    struct Cost: Codable { var totalUSD: Double, audioUSD: Double }
    struct ModelTokens: Codable { var input: Int, output: Int, estimatedCostUSD: Double? }
    struct Queue: Codable { var pendingTurns: Int, pendingOutbound: Int }

    init(_ stats: StoreStats, prices: Prices = Prices()) {
        cost = Cost(totalUSD: stats.costUSD, audioUSD: stats.audioCostUSD)
        contacts = stats.contacts
        messages = Messages(
            inbound: stats.messagesIn, outbound: stats.messagesOut, failed: stats.sendFailures,
            unknown: stats.sendsUnknown, failedByCode: stats.sendFailuresByCode,
            outsideWindow: WhatsAppWindow.outsideWindowCodes.reduce(0) { $0 + (stats.sendFailuresByCode[$1] ?? 0) })
        turns = Turns(
            total: stats.turns, answered: stats.turnsAnswered, failed: stats.turnsFailed,
            byProvider: stats.turnsByProvider)
        var byModel: [String: ModelTokens] = [:]
        for (model, usage) in stats.tokensByModel {
            byModel[model] = ModelTokens(
                input: usage.inputTokens, output: usage.outputTokens,
                estimatedCostUSD: prices.cost(model: model, usage: usage))
        }
        let costs = byModel.values.compactMap(\.estimatedCostUSD)
        tokens = Tokens(
            input: stats.inputTokens, output: stats.outputTokens, byModel: byModel,
            estimatedCostUSD: costs.isEmpty ? nil : costs.reduce(0, +))
        queue = Queue(pendingTurns: stats.pendingTurns, pendingOutbound: stats.pendingOutbound)
    }
}

/// Checks `Authorization: Bearer <ADMIN_TOKEN>`, comparing digests in constant time. No token configured means no access.
struct AdminAuth {
    let token: String?

    func check(_ request: Request) throws {
        guard let token, !token.isEmpty else {
            throw HTTPError(.unauthorized, message: "The admin API is disabled: set ADMIN_TOKEN to enable it.")
        }
        let header = request.headers[.authorization] ?? ""
        let prefix = "Bearer "
        guard header.hasPrefix(prefix), SecretDigest.equal(header.dropFirst(prefix.count), token) else {
            throw HTTPError(
                .unauthorized, headers: [.wwwAuthenticate: "Bearer"],
                message: "Missing or wrong admin token: send Authorization: Bearer $ADMIN_TOKEN.")
        }
    }
}
