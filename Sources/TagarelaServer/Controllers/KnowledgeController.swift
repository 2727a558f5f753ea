import Foundation
import Hummingbird
import TagarelaCore

/// The knowledge base in the admin API, behind the admin token: the documents, an upload (`multipart/form-data`,
/// one or several files, as `curl -F file=@precos.md` sends them), a document's removal, and the search that shows
/// what the bot would be given for a question.
struct KnowledgeController {
    let knowledge: KnowledgeOperations
    let auth: AdminAuth

    func addRoutes(to router: Router<some RequestContext>) {
        router.get("/api/knowledge") { request, _ in
            try auth.check(request)
            return KnowledgeDocumentList(documents: try await knowledge.documents())
        }
        router.post("/api/knowledge") { request, _ in
            try auth.check(request)
            let form = try await KnowledgeController.upload(request)
            return KnowledgeUploadResponse(documents: try await knowledge.add(form.files))
        }
        router.delete("/api/knowledge/:id") { request, context in
            try auth.check(request)
            try await knowledge.remove(
                try RequestNumber.path("id", in: context, range: RequestNumber.ids, label: "The document id"))
            return Response(status: .noContent)
        }
        router.get("/api/knowledge/search") { request, _ in
            try auth.check(request)
            let search = try await knowledge.search(
                RequestText.query("q", in: request),
                limit: try RequestNumber.query("limit", in: request, range: Self.limits, default: 5))
            return KnowledgeSearchResponse(search)
        }
    }

    /// A search shows 1 to 50 passages.
    static let limits = 1...50

    /// An upload's form, read as the dashboard reads it: files past `KnowledgeOperations.maxUpload` are refused.
    static func upload(_ request: Request) async throws -> UploadedForm {
        let bytes = try await UploadedForm.body(
            of: request, upTo: KnowledgeOperations.maxUpload, tooLarge: KnowledgeOperations.uploadTooLarge)
        guard let form = try UploadedForm(bytes, contentType: request.headers[.contentType] ?? "") else {
            throw OperationError.invalid(
                "Send the files as multipart/form-data, each in a part with its file name: curl -F file=@precos.md")
        }
        return form
    }
}
