import Foundation
import Hummingbird
import TagarelaChannels
import TagarelaCore

extension Dashboard {
    /// The conversation page's forms. Each answers with a redirect back (post/redirect/get), or the page again
    /// with the reason when the action was refused.
    func addConversationControls(to router: Router<some RequestContext>) {
        control(router, "pause", notice: "paused") { id, _ in try await operations.pause(id, reason: nil) }
        control(router, "resume", notice: "resumed") { id, _ in try await operations.resume(id) }
        control(router, "clear-memory", notice: "cleared") { id, _ in try await operations.clearMemory(id) }
        control(router, "template", notice: "sent") { id, form in
            _ = try await operations.sendTemplate(id, try Self.template(from: form))
        }
        control(router, "send", notice: "sent") { id, form in
            _ = try await operations.send(id, text: form["text"] ?? "")
        }
        router.post("/admin/conversations/:id/delete") { request, context in
            let (_, form) = try await formPost(request)
            guard form["confirm"] == "yes" else {
                throw HTTPError(.badRequest, message: "Tick “delete for good” to delete the contact.")
            }
            try await operations.delete(try ContactsController.contactID(context))
            return Self.redirect("/admin/conversations")
        }
        // A photo uploaded from the conversation page, or a catalogue item sent from the gallery: the CSRF token
        // is a field of the form, multipart or not, so it is read with the photo.
        router.post("/admin/conversations/:id/media") { request, context in
            let session = try await gate(request)
            let id = try ContactsController.contactID(context)
            return try await outcome(request, context, session: session, contactID: id, notice: "photos") {
                let (photos, fields) = try await OperatorPhotos.read(request)
                try Self.checkCSRF(fields["csrf"], session)
                _ = try await operations.sendPhotos(id, photos)
            }
        }
        router.get("/admin/conversations/:id/export.json") { request, context in
            _ = try await gate(request)
            let id = try ContactsController.contactID(context)
            return try await operations.export(id).download(from: request, context: context)
        }
    }

    /// The template form: a Twilio Content SID (`HX…`) with variables as a JSON object, or a Meta template's
    /// name and language with components as a JSON array.
    static func template(from form: FormParameters) throws -> OutboundTemplate {
        let chosen = (form["template"] ?? "").trimmingCharacters(in: .whitespaces)
        var json: JSONValue?
        if let text = form["variables"], !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            guard let value = JSONValue(parsing: text) else {
                throw OperationError.invalid("The variables must be JSON: {\"1\": \"Ana\"} or Meta's components.")
            }
            json = value
        }
        guard !chosen.hasPrefix("HX") else {
            let variables = json?.objectValue?.compactMapValues { $0.stringValue }
            return OutboundTemplate(contentSID: chosen, contentVariables: variables)
        }
        return OutboundTemplate(
            name: chosen, language: form["language"].flatMap { $0.isEmpty ? nil : $0 }, components: json)
    }

    private func control(
        _ router: Router<some RequestContext>, _ action: String, notice: String,
        _ operation: @escaping @Sendable (Int64, FormParameters) async throws -> Void
    ) {
        router.post(RouterPath("/admin/conversations/:id/\(action)")) { request, context in
            let (session, form) = try await formPost(request)
            let id = try ContactsController.contactID(context)
            return try await outcome(request, context, session: session, contactID: id, notice: notice) {
                try await operation(id, form)
            }
        }
    }

    /// Runs a control's operation: a redirect back to the conversation with `notice` when done, or the page again
    /// with the reason when it was refused.
    private func outcome(
        _ request: Request, _ context: some RequestContext, session: AdminSession, contactID id: Int64,
        notice: String, _ operation: () async throws -> Void
    ) async throws -> Response {
        do {
            try await operation()
        } catch let error as OperationError where error != .notFound(id) {
            guard let contact = try await store.contact(id: id) else { throw error }
            let locale = locale(request)
            let page = try await layout(session, locale).page(
                Self.name(of: contact, locale.text), .conversations,
                try await conversationPage(contact, session: session, locale, notice: nil, error: error.message))
            return try EditedResponse(status: error.status, response: page).response(from: request, context: context)
        }
        return Self.redirect("/admin/conversations/\(id)?notice=\(notice)")
    }
}
