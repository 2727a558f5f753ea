import Foundation
import Hummingbird
import TagarelaCore

extension Dashboard {
    /// The newest messages a conversation page shows.
    static let timelineLength = 300

    /// The conversation page; with `before`, the messages older than that id (a long conversation's past).
    func conversationPage(
        _ contact: Contact, session: AdminSession, _ locale: DashboardLocale, notice: String?, error: String?,
        before: Int64? = nil
    ) async throws -> HTML {
        let (text, common) = (locale.text.conversation, locale.text.common)
        // One more than shown tells whether there are older ones.
        let window = try await store.messages(
            contactID: contact.id, window: .newest(limit: Self.timelineLength + 1, before: before))
        let messages = window.suffix(Self.timelineLength)
        let older: HTML =
            window.count > messages.count
            ? "<p><a id=\"older\" href=\"/admin/conversations/\(contact.id)?before=\(messages.first?.id ?? 0)\">\(text.olderMessages)</a></p>"
            : ""
        let newer: HTML =
            before == nil ? "" : "<p><a href=\"/admin/conversations/\(contact.id)\">\(text.newestMessages)</a></p>"
        // Only the turns the shown replies belong to.
        var shownTurns: [TurnSummary] = []
        if let firstTurn = messages.compactMap(\.turnID).min() {
            shownTurns = try await store.turns(contactID: contact.id, from: firstTurn)
        }
        let turns = Dictionary(shownTurns.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let journal = shownTurns.isEmpty ? [] : try await store.toolJournal(contactID: contact.id)
        let facts = try await store.facts(contactID: contact.id)
        let summary = try await store.memorySummary(contactID: contact.id)
        var turnsShown: Set<Int64> = []
        let timeline = messages.map { message -> HTML in
            var turn: TurnSummary?
            if message.direction == .outbound, let id = message.turnID, turnsShown.insert(id).inserted {
                turn = turns[id]
            }
            return bubble(message, turn: turn, journal: journal, locale)
        }
        let banner = (error.map(Banner.error) ?? notice.map(Banner.notice))?.html ?? ""
        let status: HTML =
            contact.handoffAt.map {
                "<p id=\"bot-state\" class=\"bad\">\(text.pausedSince(locale.format.time($0), contact.handoffReason))</p>"
            } ?? "<p id=\"bot-state\" class=\"ok\">\(text.botAnswers)</p>"
        let factList: HTML =
            facts.isEmpty
            ? "" : "<h2>\(text.remembers)</h2><ul id=\"facts\">\(facts.map { "<li>\($0.text)</li>" as HTML })</ul>"
        // The running summary, a line an item: what the model reads of the messages before its window.
        let summaryLines = summary?.text.split(separator: "\n").map { "<li>\(String($0))</li>" as HTML } ?? []
        let summaryBlock: HTML =
            summaryLines.isEmpty
            ? ""
            : """
            <h2>\(text.summaryHeading)</h2><ul id="memory-summary">\(summaryLines)</ul>
            <p>\(text.summaryNote(summary?.throughMessageID ?? 0))</p>
            """
        return """
            <h1 id="contact-name">\(Self.name(of: contact, locale.text))</h1>
            <p>\(contact.phone ?? contact.userID ?? contact.replyAddress) · \(contact.replyChannel.rawValue) · \
            \(text.firstSeen(locale.format.time(contact.firstSeenAt))) · \
            \(text.inOut(contact.inboundCount, contact.outboundCount))\(contact.optedOut ? " · \(common.optedOut)" : "")</p>
            \(banner)\(status)
            \(controls(contact, session: session, locale.text))
            \(factList)\(summaryBlock)
            <h2>\(text.heading)</h2>
            \(older)<div class="timeline" id="timeline">\(timeline)</div>\(newer)
            <h2>\(text.writeAsAPerson)</h2>
            <form method="post" action="/admin/conversations/\(contact.id)/send" id="send-form">
            <input type="hidden" name="csrf" value="\(session.csrfToken)">
            <textarea name="text" rows="3" required class="wide" aria-label="\(common.message)"></textarea>
            <p><button type="submit">\(common.send)</button> \(text.freeTextNote)</p></form>
            <h2>\(text.sendAPhoto)</h2>
            <form method="post" action="/admin/conversations/\(contact.id)/media" enctype="multipart/form-data" \
            id="photo-form">
            <input type="hidden" name="csrf" value="\(session.csrfToken)">
            <p><input type="file" name="file" accept="image/jpeg,image/png,image/webp" required aria-label="\(text.photo)">
            <input name="caption" maxlength="\(ContactOperations.maxCaption)" placeholder="\(text.captionPlaceholder)" \
            aria-label="\(text.caption)"></p>
            <p><button type="submit">\(text.sendPhoto)</button> \
            \(text.photoNote(ContactOperations.maxPhoto >> 20, contact.id))</p></form>
            <h2>\(text.templateHeading)</h2>
            <form method="post" action="/admin/conversations/\(contact.id)/template" id="template-form">
            <input type="hidden" name="csrf" value="\(session.csrfToken)">
            <p><input name="template" required placeholder="\(text.templatePlaceholder)" aria-label="\(text.template)">
            <input name="language" placeholder="pt_BR (Meta)" aria-label="\(text.language)"></p>
            <textarea name="variables" rows="2" class="wide" aria-label="\(text.variables)" \
            placeholder='Twilio: {"1": "Ana"} · Meta: [{"type": "body", "parameters": [{"type": "text", "text": "Ana"}]}]'></textarea>
            <p><button type="submit">\(text.sendTemplate)</button> \(text.templateNote)</p>
            </form>
            """
    }

    private func controls(_ contact: Contact, session: AdminSession, _ all: DashboardText) -> HTML {
        let text = all.conversation
        let csrf: HTML = "<input type=\"hidden\" name=\"csrf\" value=\"\(session.csrfToken)\">"
        let base = "/admin/conversations/\(contact.id)"
        let takeover: HTML =
            contact.handoffAt == nil
            ? "<form class=\"inline\" method=\"post\" action=\"\(base)/pause\">\(csrf)<button type=\"submit\" id=\"pause\">\(text.pause)</button></form>"
            : "<form class=\"inline\" method=\"post\" action=\"\(base)/resume\">\(csrf)<button type=\"submit\" id=\"resume\">\(text.resume)</button></form>"
        return """
            <div class="controls">\(takeover)
            <form class="inline" method="post" action="\(base)/clear-memory">\(csrf)\
            <button type="submit" class="secondary" id="clear-memory">\(text.clearMemory)</button></form>
            <a href="\(base)/export.json" download>\(text.export)</a>
            <form class="inline" method="post" action="\(base)/delete">\(csrf)\
            <label><input type="checkbox" name="confirm" value="yes" required> \(all.common.deleteForGood)</label> \
            <button type="submit" class="danger" id="delete">\(text.deleteContact)</button></form>
            </div>
            """
    }

    private func bubble(
        _ message: StoredMessage, turn: TurnSummary?, journal: [ToolJournalEntry], _ locale: DashboardLocale
    ) -> HTML {
        let (text, common, format) = (locale.text.conversation, locale.text.common, locale.format)
        let side = message.direction == .inbound ? "in" : "out"
        let extra =
            message.kind == .operatorMessage
            ? " operator" : message.kind == .notice ? " notice" : ""
        var parts: [HTML] = []
        if let media = message.media {
            if let stored = media.storedID ?? (message.kind == .voice ? media.id : nil),
                media.kind == .audio
            {
                parts.append("<audio controls preload=\"none\" src=\"/admin/media/\(stored)\"></audio>\n")
            }
            if media.kind == .image, let stored = media.storedID {
                parts.append("\(Self.thumbnail(stored, alt: locale.text.gallery.photoAlt))\n")
            }
            let label = media.voice == true ? text.voiceNote : common.kind(media.kind.rawValue)
            parts.append("<em>[\(label)]</em> ")
        }
        let shown =
            message.kind == .template
            ? OutboundTemplate(storedText: message.text ?? "")?.summary ?? text.templateMessage(message.text ?? "")
            : message.text ?? ""
        parts.append("\(shown)")
        var meta = [format.time(message.createdAt)]
        if message.direction == .outbound {
            meta.append(common.status(message.status.rawValue) + (message.errorCode.map { " (\($0))" } ?? ""))
            if message.kind == .operatorMessage { meta.append(text.sentByAPerson) }
        }
        if let turn {
            let figures = [
                turn.provider, turn.model, text.tokens(turn.inputTokens, turn.outputTokens),
                format.milliseconds(turn.latencyMilliseconds),
            ]
            meta.append(figures.compactMap { $0 }.joined(separator: " · "))
        }
        return """
            <div class="bubble \(side)\(extra)" data-id="\(message.id)">\(parts)\
            <span class="meta">\(meta.joined(separator: " · "))</span>\(turn.map { Self.passages($0, locale) } ?? "")\
            \(turn.map { Self.toolCalls($0, journal: journal, title: common.toolsCalled) } ?? "")</div>
            """
    }

    /// The knowledge base's passages a turn was given, best first, with their fused scores: why the bot said what
    /// it said.
    private static func passages(_ turn: TurnSummary, _ locale: DashboardLocale) -> HTML {
        let uses = turn.knowledgeUses
        guard !uses.isEmpty else { return "" }
        let items = uses.map { use -> HTML in
            "<li data-chunk=\"\(use.chunkID)\">\(use.place) · \(locale.format.decimal(use.score, digits: 4))</li>"
        }
        return """
            <span class="meta">\(locale.text.conversation.fromKnowledge)</span>\
            <ol class="meta knowledge-used">\(items)</ol>
            """
    }
}
