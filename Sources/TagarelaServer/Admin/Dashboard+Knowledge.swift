import Foundation
import Hummingbird
import TagarelaChannels
import TagarelaCore

extension Dashboard {
    /// `/admin/knowledge`: the documents, an upload form, a remove button on each, and a search box that shows the
    /// passages the bot would be given for a question (`?q=`).
    func addKnowledge(to router: Router<some RequestContext>) {
        router.get("/admin/knowledge") { request, _ in
            let session = try await gate(request)
            let question = RequestText.query("q", in: request)
            let locale = locale(request)
            let notice = request.uri.queryParameters.get("notice").flatMap { locale.text.knowledge.notices[$0] }
            return try await knowledgePage(session, locale, question: question, banner: notice.map { .notice($0) })
        }
        // The CSRF token is a field of the multipart form, so it is read with the files.
        router.post("/admin/knowledge") { request, context in
            let session = try await gate(request)
            return try await knowledgeOutcome(request, context, session: session) {
                let form = try await KnowledgeController.upload(request)
                try Self.checkCSRF(form.fields["csrf"], session)
                let added = try await knowledge.add(form.files)
                return added.allSatisfy(\.unchanged) ? "unchanged" : "added"
            }
        }
        router.post("/admin/knowledge/:id/delete") { request, context in
            let (session, form) = try await formPost(request)
            return try await knowledgeOutcome(request, context, session: session) {
                guard form["confirm"] == "yes" else {
                    throw OperationError.invalid("Tick “remove for good” to remove the document.")
                }
                try await knowledge.remove(
                    try RequestNumber.path("id", in: context, range: RequestNumber.ids, label: "The document id"))
                return "removed"
            }
        }
    }

    /// Runs an upload or a removal: a redirect back to the page with the notice it names when done, or the page
    /// again with the reason (and nothing changed) when it was refused.
    private func knowledgeOutcome(
        _ request: Request, _ context: some RequestContext, session: AdminSession,
        _ operation: () async throws -> String
    ) async throws -> Response {
        do {
            return Self.redirect("/admin/knowledge?notice=\(try await operation())")
        } catch let error as OperationError {
            let page = try await knowledgePage(
                session, locale(request), question: "", banner: .error(error.message))
            return try EditedResponse(status: error.status, response: page).response(from: request, context: context)
        }
    }

    private func knowledgePage(
        _ session: AdminSession, _ locale: DashboardLocale, question: String, banner: Banner?
    ) async throws -> HTML {
        let documents = try await knowledge.documents()
        let search =
            question.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
            ? nil : try await knowledge.search(question, limit: KnowledgeReference.searched)
        return try await layout(session, locale).page(
            .knowledge,
            KnowledgePage(
                locale: locale, csrf: session.csrfToken, maxTokens: knowledge.knowledge.maxTokens,
                embeddingModel: knowledge.knowledge.embedder?.model
            ).render(documents: documents, question: question, search: search, banner: banner))
    }

    /// A message over a page: what was done, or why it was not.
    enum Banner {
        case notice(String)
        case error(String)

        var html: HTML {
            switch self {
            case .notice(let text): "<p class=\"notice\" role=\"status\">\(text)</p>"
            case .error(let text): "<p class=\"error\" role=\"alert\">\(text)</p>"
            }
        }
    }
}
