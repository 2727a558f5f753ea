import Foundation
import Hummingbird
import TagarelaCore

extension Dashboard {
    /// The playground: a WhatsApp-like chat with the real pipeline as a contact of the `playground` channel.
    /// The page's URL names the contact (`?as=…`), so a reload keeps the conversation and "New contact" starts
    /// another with no memory.
    func addPlayground(to router: Router<some RequestContext>) {
        router.get("/admin/playground") { request, context in
            let session = try await gate(request)
            guard let id = request.uri.queryParameters.get("as").flatMap(Self.playgroundID) else {
                return Self.redirect("/admin/playground?as=\(AdminSessions.randomNonce().prefix(12))")
            }
            let messages = try await playgroundMessages(id, .newest(limit: Self.playgroundWindow))
            let turns = try await turnsAnswered(by: messages)
            let locale = locale(request)
            return try await layout(session, locale)
                .page(.playground, playgroundPage(id, messages, turns: turns, session, locale.text))
                .response(from: request, context: context)
        }
        router.get("/admin/playground/:as/messages") { request, context in
            _ = try await gate(request)
            let id = try Self.playgroundID(in: context)
            let after = try RequestNumber.query("after", in: request, range: 0...Int64.max, default: 0)
            // A poll reads what it has not seen, a bounded window at a time; the next poll reads on from there.
            let messages = try await playgroundMessages(id, .after(after, limit: Self.playgroundWindow))
            let calls = try await turnsAnswered(by: messages).mapValues { TurnRecord.toolCalls(fromJSON: $0.toolCalls) }
            return PlaygroundMessages(
                messages: messages.map { MessageView($0) },
                toolCalls: Dictionary(uniqueKeysWithValues: calls.filter { !$0.value.isEmpty }.map { (String($0), $1) })
            )
        }
        router.post("/admin/playground/:as/messages") { request, context in
            _ = try await scriptPost(request)
            let id = try Self.playgroundID(in: context)
            let body = try await ContactsController.json(
                ContactsController.OperatorMessage.self, from: request, example: #"{"text": "…"}"#)
            let text = body.text.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !text.isEmpty else { throw HTTPError(.badRequest, message: "The message is empty.") }
            _ = try await inbox.receive(PlaygroundChannel.inbound(from: id, text: text))
            return Response(status: .accepted)
        }
    }

    /// The most messages the playground's page or one of its polls reads.
    static let playgroundWindow = 200

    private func playgroundMessages(_ id: String, _ window: MessageWindow) async throws -> [StoredMessage] {
        guard let key = PlaygroundChannel.identity(of: id).keys.first,
            let contact = try await store.contact(identityKey: key)
        else {
            return []
        }
        return try await store.messages(contactID: contact.id, window: window)
    }

    /// The turns `messages` answer, by the first reply of each: where the playground shows the turn's tool calls.
    private func turnsAnswered(by messages: [StoredMessage]) async throws -> [Int64: TurnSummary] {
        let replies = messages.filter { $0.direction == .outbound && $0.turnID != nil }
        guard let first = replies.compactMap(\.turnID).min() else { return [:] }
        let turns = try await store.turns(contactID: replies[0].contactID, from: first)
        let byID = Dictionary(turns.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var seen: Set<Int64> = []
        var answered: [Int64: TurnSummary] = [:]
        for reply in replies {
            if let id = reply.turnID, seen.insert(id).inserted, let turn = byID[id] { answered[reply.id] = turn }
        }
        return answered
    }

    private func playgroundPage(
        _ id: String, _ messages: [StoredMessage], turns: [Int64: TurnSummary], _ session: AdminSession,
        _ all: DashboardText
    ) -> HTML {
        let (text, common) = (all.playground, all.common)
        let bubbles = messages.map { message -> HTML in
            let calls = turns[message.id].map { Self.toolCalls($0, title: common.toolsCalled) } ?? ""
            return
                "<div class=\"bubble \(message.direction == .inbound ? "in" : "out")\" data-id=\"\(message.id)\">\(message.text ?? "[\(message.kind)]")\(calls)</div>"
        }
        return """
            <h1>\(all.layout.playground)</h1>
            <p>\(text.intro) <a href="/admin/playground" id="new-contact">\(text.newContact)</a></p>
            \(modelWarning(text))
            <div class="chat" id="playground" data-contact="\(id)" data-csrf="\(session.csrfToken)" \
            data-after="\(messages.last?.id ?? 0)" data-tools-called="\(common.toolsCalled)">
            <div class="timeline" id="chat-timeline">\(bubbles)</div>
            <form id="chat-form"><input type="text" id="chat-input" autocomplete="off" placeholder="\(common.message)" \
            aria-label="\(common.message)" required><button type="submit" id="chat-send">\(common.send)</button></form>
            </div>
            <script src="/admin/assets/playground.js"></script>
            """
    }

    /// Why the playground cannot answer, when no model is configured or the models are switched off; else nothing.
    private func modelWarning(_ text: DashboardText.Playground) -> HTML {
        if configuration.models.disabled { return text.modelsOff }
        return configuration.models.isConfigured ? "" : text.noModel
    }

    /// A playground contact's name in the URL: letters, digits and dashes, at most 40.
    static func playgroundID(_ raw: String) -> String? {
        let valid =
            !raw.isEmpty && raw.count <= 40
            && raw.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
        return valid ? raw : nil
    }

    static func playgroundID(in context: some RequestContext) throws -> String {
        guard let id = context.parameters.get("as").flatMap(playgroundID) else {
            throw HTTPError(.badRequest, message: "A playground contact is named by letters, digits and dashes.")
        }
        return id
    }

    struct PlaygroundMessages: ResponseEncodable {
        var messages: [MessageView]
        /// The tools called by the turn a reply answers, by the reply's id (its first one only).
        var toolCalls: [String: [ToolCallRecord]]
    }
}
