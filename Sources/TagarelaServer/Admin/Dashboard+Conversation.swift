import Foundation
import Hummingbird
import TagarelaCore

extension Dashboard {
    /// What a control did, shown after the redirect back to the conversation.
    static let notices = [
        "paused": "The bot is paused for this contact: a person answers now.",
        "resumed": "The bot answers this contact again.",
        "cleared": "The contact's memory was cleared.",
        "sent": "Your message is on its way.",
        "photos": "The photos are on their way.",
    ]
    /// The newest messages a conversation page shows.
    static let timelineLength = 300

    /// The conversation page; with `before`, the messages older than that id (a long conversation's past).
    func conversationPage(
        _ contact: Contact, session: AdminSession, notice: String?, error: String?, before: Int64? = nil
    ) async throws -> HTML {
        // One more than shown tells whether there are older ones.
        let window = try await store.messages(
            contactID: contact.id, window: .newest(limit: Self.timelineLength + 1, before: before))
        let messages = window.suffix(Self.timelineLength)
        let older: HTML =
            window.count > messages.count
            ? "<p><a id=\"older\" href=\"/admin/conversations/\(contact.id)?before=\(messages.first?.id ?? 0)\">← older messages</a></p>"
            : ""
        let newer: HTML =
            before == nil ? "" : "<p><a href=\"/admin/conversations/\(contact.id)\">newest messages →</a></p>"
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
            return bubble(message, turn: turn, journal: journal)
        }
        let banner = (error.map(Banner.error) ?? notice.map(Banner.notice))?.html ?? ""
        let status: HTML =
            contact.handoffAt.map {
                "<p id=\"bot-state\" class=\"bad\">Paused since \(format.time($0))\(contact.handoffReason.map { ": \($0)" } ?? ""). A person answers this contact.</p>"
            } ?? "<p id=\"bot-state\" class=\"ok\">The bot answers this contact.</p>"
        let factList: HTML =
            facts.isEmpty
            ? "" : "<h2>What the bot remembers</h2><ul id=\"facts\">\(facts.map { "<li>\($0.text)</li>" as HTML })</ul>"
        // The running summary, a line an item: what the model reads of the messages before its window.
        let summaryLines = summary?.text.split(separator: "\n").map { "<li>\(String($0))</li>" as HTML } ?? []
        let summaryBlock: HTML =
            summaryLines.isEmpty
            ? ""
            : """
            <h2>Summary of earlier messages</h2><ul id="memory-summary">\(summaryLines)</ul>
            <p>Made by the model from the messages before its memory window, through message \
            \(summary?.throughMessageID ?? 0).</p>
            """
        return """
            <h1 id="contact-name">\(Self.name(of: contact))</h1>
            <p>\(contact.phone ?? contact.userID ?? contact.replyAddress) · \(contact.replyChannel.rawValue) · \
            first seen \(format.time(contact.firstSeenAt)) · \(contact.inboundCount) in, \(contact.outboundCount) out\
            \(contact.optedOut ? " · opted out" : "")</p>
            \(banner)\(status)
            \(controls(contact, session: session))
            \(factList)\(summaryBlock)
            <h2>Conversation</h2>
            \(older)<div class="timeline" id="timeline">\(timeline)</div>\(newer)
            <h2>Write as a person</h2>
            <form method="post" action="/admin/conversations/\(contact.id)/send" id="send-form">
            <input type="hidden" name="csrf" value="\(session.csrfToken)">
            <textarea name="text" rows="3" required class="wide" aria-label="Message"></textarea>
            <p><button type="submit">Send</button> Free text reaches WhatsApp only within 24 hours of the contact's \
            last message.</p></form>
            <h2>Send a photo</h2>
            <form method="post" action="/admin/conversations/\(contact.id)/media" enctype="multipart/form-data" \
            id="photo-form">
            <input type="hidden" name="csrf" value="\(session.csrfToken)">
            <p><input type="file" name="file" accept="image/jpeg,image/png,image/webp" required aria-label="Photo">
            <input name="caption" maxlength="\(ContactOperations.maxCaption)" placeholder="Caption (optional)" \
            aria-label="Caption"></p>
            <p><button type="submit">Send photo</button> A JPEG, PNG or WebP of up to \
            \(ContactOperations.maxPhoto >> 20) MB, within the same 24 hours. Or send one from the contact's \
            <a href="/admin/gallery?contact=\(contact.id)" id="contact-gallery">photo catalogue</a>.</p></form>
            <h2>Send an approved template</h2>
            <form method="post" action="/admin/conversations/\(contact.id)/template" id="template-form">
            <input type="hidden" name="csrf" value="\(session.csrfToken)">
            <p><input name="template" required placeholder="Twilio HX… or Meta template name" aria-label="Template">
            <input name="language" placeholder="pt_BR (Meta)" aria-label="Language"></p>
            <textarea name="variables" rows="2" class="wide" aria-label="Variables" \
            placeholder='Twilio: {"1": "Ana"} · Meta: [{"type": "body", "parameters": [{"type": "text", "text": "Ana"}]}]'></textarea>
            <p><button type="submit">Send template</button> Delivered whatever the time since the contact wrote.</p>
            </form>
            """
    }

    private func controls(_ contact: Contact, session: AdminSession) -> HTML {
        let csrf: HTML = "<input type=\"hidden\" name=\"csrf\" value=\"\(session.csrfToken)\">"
        let base = "/admin/conversations/\(contact.id)"
        let takeover: HTML =
            contact.handoffAt == nil
            ? "<form class=\"inline\" method=\"post\" action=\"\(base)/pause\">\(csrf)<button type=\"submit\" id=\"pause\">Pause the bot (a person answers)</button></form>"
            : "<form class=\"inline\" method=\"post\" action=\"\(base)/resume\">\(csrf)<button type=\"submit\" id=\"resume\">Resume the bot</button></form>"
        return """
            <div class="controls">\(takeover)
            <form class="inline" method="post" action="\(base)/clear-memory">\(csrf)\
            <button type="submit" class="secondary" id="clear-memory">Clear memory</button></form>
            <a href="\(base)/export.json" download>Export data (JSON)</a>
            <form class="inline" method="post" action="\(base)/delete">\(csrf)\
            <label><input type="checkbox" name="confirm" value="yes" required> delete for good</label> \
            <button type="submit" class="danger" id="delete">Delete contact and data</button></form>
            </div>
            """
    }

    private func bubble(_ message: StoredMessage, turn: TurnSummary?, journal: [ToolJournalEntry]) -> HTML {
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
                parts.append("\(Self.thumbnail(stored))\n")
            }
            let label = media.voice == true ? "voice note" : media.kind.rawValue
            parts.append("<em>[\(label)]</em> ")
        }
        let text =
            message.kind == .template
            ? OutboundTemplate(storedText: message.text ?? "")?.summary ?? "Template \(message.text ?? "")"
            : message.text ?? ""
        parts.append("\(text)")
        var meta = [format.time(message.createdAt)]
        if message.direction == .outbound {
            meta.append(message.status.rawValue + (message.errorCode.map { " (\($0))" } ?? ""))
            if message.kind == .operatorMessage { meta.append("sent by a person") }
        }
        if let turn {
            let figures = [
                turn.provider, turn.model, "\(turn.inputTokens)+\(turn.outputTokens) tokens",
                AdminFormat.milliseconds(turn.latencyMilliseconds),
            ]
            meta.append(figures.compactMap { $0 }.joined(separator: " · "))
        }
        return """
            <div class="bubble \(side)\(extra)" data-id="\(message.id)">\(parts)\
            <span class="meta">\(meta.joined(separator: " · "))</span>\(turn.map(Self.passages) ?? "")\
            \(turn.map { Self.toolCalls($0, journal: journal) } ?? "")</div>
            """
    }

    /// The knowledge base's passages a turn was given, best first, with their fused scores: why the bot said what
    /// it said.
    private static func passages(_ turn: TurnSummary) -> HTML {
        let uses = turn.knowledgeUses
        guard !uses.isEmpty else { return "" }
        let items = uses.map { use -> HTML in
            "<li data-chunk=\"\(use.chunkID)\">\(use.place) · \(String(format: "%.4f", use.score))</li>"
        }
        return """
            <span class="meta">From the <a href="/admin/knowledge">knowledge base</a>:</span>\
            <ol class="meta knowledge-used">\(items)</ol>
            """
    }
}
