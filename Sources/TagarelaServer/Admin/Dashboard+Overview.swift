import Foundation
import Hummingbird
import TagarelaCore

extension Dashboard {
    func addOverview(to router: Router<some RequestContext>) {
        router.get("/admin") { request, _ in
            let session = try await gate(request)
            return try await layout(session).page("Overview", .overview, try await overviewPage())
        }
    }

    func overviewPage() async throws -> HTML {
        let now = timeSource.now()
        let stats = StatsResponse(try await store.stats(), prices: configuration.models.prices)
        let health = await HealthReport.gather(store: store, configuration: configuration, now: now).parts.map {
            Self.healthCard($0.name, $0.state, good: $0.ok)
        }
        let latencies = try await store.replyLatencies(since: now.addingTimeInterval(-7 * 86_400))
        let today = Int((now.timeIntervalSince1970 + Double(format.utcOffset)) / 86_400)
        let activity = try await store.activity(
            since: Date(timeIntervalSince1970: Double((today - 13) * 86_400 - format.utcOffset)),
            utcOffset: format.utcOffset)
        let waiting = try await store.contacts(ContactListQuery(waitingForHuman: true, limit: 20))
        let deadline = try await ReplyDeadlineShare.measure(
            store: store, timing: configuration.queue.replyTiming, now: now)
        var cards: [(String, String, String)] = [
            ("contacts", AdminFormat.count(stats.contacts), "contacts"),
            ("inbound", AdminFormat.count(stats.messages.inbound), "messages received"),
            ("outbound", AdminFormat.count(stats.messages.outbound), "messages sent"),
            ("answered", AdminFormat.count(stats.turns.answered), "turns answered"),
            ("failed", AdminFormat.count(stats.turns.failed + stats.messages.failed), "failures (turns, sends)"),
            ("median", AdminFormat.milliseconds(AdminFormat.percentile(0.5, of: latencies)), "median reply (7 days)"),
            ("p95", AdminFormat.milliseconds(AdminFormat.percentile(0.95, of: latencies)), "p95 reply (7 days)"),
            ("queue", "\(stats.queue.pendingTurns) / \(stats.queue.pendingOutbound)", "turns / sends waiting"),
        ]
        if let deadline {
            cards.insert(
                ("deadline", deadline.percent, "answered within \(deadline.seconds) s (\(deadline.days) days)"), at: 7)
        }
        return """
            <h1>Overview</h1>
            <h2>Health</h2>
            <div class="cards" id="health">\(health)</div>
            <h2>Activity</h2>
            <div class="cards" id="figures">\(cards.map { id, value, label in
                "<div class=\"card\" id=\"card-\(id)\"><div class=\"value\">\(value)</div><div class=\"label\">\(label)</div></div>" as HTML
            })</div>
            <h2>Messages per day</h2>
            \(ActivityChart(days: activity, firstDay: today - 13, lastDay: today, format: format).svg())
            <h2>Tokens and estimated cost</h2>
            \(tokenTable(stats.tokens))
            <p id="recorded-cost">Recorded cost, at the prices of each turn's day: \
            \(String(format: "$%.4f", stats.cost.totalUSD)), of which voice (heard and spoken) \
            \(String(format: "$%.4f", stats.cost.audioUSD)).</p>
            <h2>Waiting for a person</h2>
            \(waitingList(waiting))
            """
    }

    private static func healthCard(_ name: String, _ state: String, good: Bool) -> HTML {
        "<div class=\"card\"><div class=\"label\">\(name)</div><div class=\"\(good ? "ok" : "bad")\">\(state)</div></div>"
    }

    private func tokenTable(_ tokens: StatsResponse.Tokens) -> HTML {
        guard !tokens.byModel.isEmpty else { return "<p>No model has answered yet.</p>" }
        let rows = tokens.byModel.sorted { $0.key < $1.key }.map { model, usage -> HTML in
            let cost = usage.estimatedCostUSD.map { String(format: "$%.4f", $0) } ?? "no price (LLM_PRICES)"
            return
                "<tr><td>\(model)</td><td>\(AdminFormat.count(usage.input))</td><td>\(AdminFormat.count(usage.output))</td><td>\(cost)</td></tr>"
        }
        return """
            <table id="tokens"><thead><tr><th>Model</th><th>Input tokens</th><th>Output tokens</th><th>Estimated cost</th>\
            </tr></thead><tbody>\(rows)</tbody></table>
            """
    }

    private func waitingList(_ waiting: [ContactSummary]) -> HTML {
        guard !waiting.isEmpty else { return "<p id=\"waiting\">Nobody is waiting.</p>" }
        let items = waiting.map { summary -> HTML in
            let contact = summary.contact
            let since = contact.handoffAt.map { format.time($0) } ?? ""
            return """
                <li><a href="/admin/conversations/\(contact.id)">\(Self.name(of: contact))</a> since \(since)\
                \(contact.handoffReason.map { " — \($0)" } ?? "")</li>
                """
        }
        return "<ul id=\"waiting\">\(items)</ul>"
    }

    /// The contact's WhatsApp name, else their number masked like logs show it, else their id.
    static func name(of contact: Contact) -> String {
        contact.profileName ?? contact.phone ?? contact.userID ?? "Contact \(contact.id)"
    }
}
