import Foundation
import Hummingbird
import TagarelaCore

extension Dashboard {
    func addOverview(to router: Router<some RequestContext>) {
        router.get("/admin") { request, _ in
            let session = try await gate(request)
            let locale = locale(request)
            return try await layout(session, locale).page(.overview, try await overviewPage(locale))
        }
    }

    func overviewPage(_ locale: DashboardLocale) async throws -> HTML {
        let (text, format) = (locale.text.overview, locale.format)
        let now = timeSource.now()
        let stats = StatsResponse(try await store.stats(), prices: configuration.models.prices)
        let report = await HealthReport.gather(store: store, configuration: configuration, now: now)
        let health =
            [Self.healthCard(text.database, report.database, text, format)]
            + report.channels.map { Self.healthCard($0.name, $0, text, format) }
            + [Self.healthCard(text.model, report.model, text, format)]
        let latencies = try await store.replyLatencies(since: now.addingTimeInterval(-7 * 86_400))
        let today = Int((now.timeIntervalSince1970 + Double(format.utcOffset)) / 86_400)
        let activity = try await store.activity(
            since: Date(timeIntervalSince1970: Double((today - 13) * 86_400 - format.utcOffset)),
            utcOffset: format.utcOffset)
        let waiting = try await store.contacts(ContactListQuery(waitingForHuman: true, limit: 20))
        let deadline = try await ReplyDeadlineShare.measure(
            store: store, timing: configuration.queue.replyTiming, now: now)
        var cards: [(String, String, String)] = [
            ("contacts", format.count(stats.contacts), text.contacts),
            ("inbound", format.count(stats.messages.inbound), text.received),
            ("outbound", format.count(stats.messages.outbound), text.sent),
            ("answered", format.count(stats.turns.answered), text.turnsAnswered),
            ("failed", format.count(stats.turns.failed + stats.messages.failed), text.failures),
            ("median", format.milliseconds(AdminFormat.percentile(0.5, of: latencies)), text.medianReply),
            ("p95", format.milliseconds(AdminFormat.percentile(0.95, of: latencies)), text.p95Reply),
            (
                "queue", "\(format.count(stats.queue.pendingTurns)) / \(format.count(stats.queue.pendingOutbound))",
                text.waitingQueue
            ),
        ]
        if let deadline {
            cards.insert(
                ("deadline", deadline.percent, text.answeredWithin(deadline.seconds, deadline.days)), at: 7)
        }
        let realtime = metrics.realtimeTally()
        let fellBack = realtime.filter { $0.key != "answered" }.sorted { $0.key < $1.key }
        if configuration.realtime.pipeline == .realtime || !realtime.isEmpty {
            let answered = format.count(realtime["answered"] ?? 0)
            cards.append(
                ("realtime", "\(answered) / \(format.count(fellBack.map(\.value).reduce(0, +)))", text.realtime))
        }
        let fallbacks: HTML =
            fellBack.isEmpty
            ? ""
            : "<p id=\"realtime-fallbacks\">\(text.realtimeFallbacks(fellBack.map { "\($0.key) \(format.count($0.value))" }.joined(separator: ", ")))</p>"
        return """
            <h1>\(locale.text.layout.overview)</h1>
            <h2>\(text.health)</h2>
            <div class="cards" id="health">\(health)</div>
            <h2>\(text.activity)</h2>
            <div class="cards" id="figures">\(cards.map { id, value, label in
                "<div class=\"card\" id=\"card-\(id)\"><div class=\"value\">\(value)</div><div class=\"label\">\(label)</div></div>" as HTML
            })</div>\(fallbacks)
            <h2>\(text.messagesPerDay)</h2>
            \(ActivityChart(days: activity, firstDay: today - 13, lastDay: today, format: format, text: locale.text.chart).svg())
            <h2>\(text.tokensAndCost)</h2>
            \(tokenTable(stats.tokens, locale))
            <p id="recorded-cost">\(text.recordedCost(format.dollars(stats.cost.totalUSD), format.dollars(stats.cost.audioUSD)))</p>
            <h2>\(text.waitingHeading)</h2>
            \(waitingList(waiting, locale))
            """
    }

    /// A part of the health report, its state written in the page's language (a database's error as it came).
    private static func healthCard(
        _ name: String, _ part: HealthReport.Part, _ text: DashboardText.Overview, _ format: AdminFormat
    ) -> HTML {
        let state =
            switch part.condition {
            case .ok: text.ok
            case .notConfigured: text.notConfigured
            case .sendsUnknown: text.sendsUnknown
            case .sends(let sent, let failed): text.sends(format.count(sent), format.count(failed))
            case .modelsOff: text.modelsOff
            case .chain(let chain): chain
            case nil: part.state
            }
        return
            "<div class=\"card\"><div class=\"label\">\(name)</div><div class=\"\(part.ok ? "ok" : "bad")\">\(state)</div></div>"
    }

    private func tokenTable(_ tokens: StatsResponse.Tokens, _ locale: DashboardLocale) -> HTML {
        let (text, format) = (locale.text.overview, locale.format)
        guard !tokens.byModel.isEmpty else { return "<p>\(text.noModelYet)</p>" }
        let rows = tokens.byModel.sorted { $0.key < $1.key }.map { model, usage -> HTML in
            let cost = usage.estimatedCostUSD.map(format.dollars) ?? text.noPrice
            return
                "<tr><td>\(model)</td><td>\(format.count(usage.input))</td><td>\(format.count(usage.output))</td><td>\(cost)</td></tr>"
        }
        return """
            <table id="tokens"><thead><tr><th>\(text.model)</th><th>\(text.inputTokens)</th>\
            <th>\(text.outputTokens)</th><th>\(text.estimatedCost)</th></tr></thead><tbody>\(rows)</tbody></table>
            """
    }

    private func waitingList(_ waiting: [ContactSummary], _ locale: DashboardLocale) -> HTML {
        guard !waiting.isEmpty else { return "<p id=\"waiting\">\(locale.text.overview.nobodyWaiting)</p>" }
        let items = waiting.map { summary -> HTML in
            let contact = summary.contact
            let since = contact.handoffAt.map { locale.format.time($0) } ?? ""
            return """
                <li><a href="/admin/conversations/\(contact.id)">\(Self.name(of: contact, locale.text))</a> \
                \(locale.text.overview.waitingSince(since))\(contact.handoffReason.map { " — \($0)" } ?? "")</li>
                """
        }
        return "<ul id=\"waiting\">\(items)</ul>"
    }

    /// The contact's WhatsApp name, else their number masked like logs show it, else their id.
    static func name(of contact: Contact, _ text: DashboardText) -> String {
        contact.profileName ?? contact.phone ?? contact.userID ?? text.common.contactNumbered(contact.id)
    }
}
