import Foundation
import TagarelaCore

/// The dashboard's *Knowledge* page: how retrieval runs, the search box with what it found, the documents with a
/// remove button each, and the upload form.
struct KnowledgePage {
    let locale: DashboardLocale
    let csrf: String
    /// `KNOWLEDGE_MAX_TOKENS`, as the page explains it.
    let maxTokens: Int
    /// The embedding model that ranks by meaning too; nil when retrieval is full-text only.
    let embeddingModel: String?

    /// What the file picker offers; only a hint, since the reader decides by the name (`KnowledgeFormat`).
    static let accepted = ".md,.markdown,.txt,.text,.html,.htm,.pdf"

    func render(
        documents: [KnowledgeDocument], question: String, search: KnowledgeSearch?, banner: Dashboard.Banner?
    ) -> HTML {
        let (text, common) = (locale.text.knowledge, locale.text.common)
        return """
            <h1>\(locale.text.layout.knowledge)</h1>
            \(text.intro(maxTokens))
            \(retrieval)
            \(banner?.html ?? "")
            <h2>\(text.wouldBeGiven)</h2>
            <form class="search" method="get" action="/admin/knowledge" role="search">
            <input type="search" name="q" value="\(question)" placeholder="\(text.questionPlaceholder)" \
            aria-label="\(text.question)">
            <button type="submit">\(common.search)</button></form>
            \(search.map(results) ?? "")
            <h2>\(text.documents)</h2>
            \(list(documents))
            <h2>\(text.upload)</h2>
            <form method="post" action="/admin/knowledge" enctype="multipart/form-data" id="upload-form">
            <input type="hidden" name="csrf" value="\(csrf)">
            <p><input type="file" name="file" multiple required accept="\(Self.accepted)" aria-label="\(text.documents)">
            <button type="submit">\(text.upload)</button></p>
            <p>\(text.uploadNote(KnowledgeOperations.maxUpload >> 20, KnowledgeOperations.uploadFolder))</p></form>
            """
    }

    private var retrieval: HTML {
        guard let embeddingModel else {
            return "<p id=\"retrieval\">\(locale.text.knowledge.fullTextOnly)</p>"
        }
        return "<p id=\"retrieval\">\(locale.text.knowledge.hybrid(embeddingModel))</p>"
    }

    /// The passages found, best first, each with its place, scores, whether a turn would be given it, and its text.
    private func results(_ search: KnowledgeSearch) -> HTML {
        let (text, format) = (locale.text.knowledge, locale.format)
        let failure: HTML =
            search.embeddingError.map {
                "<p class=\"error\" id=\"embedding-error\">\(text.notEmbedded($0))</p>"
            } ?? ""
        guard !search.hits.isEmpty else {
            return "\(failure)<p id=\"no-passages\">\(text.nothingMatches(search.question))</p>"
        }
        let hits = search.hits.map { hit -> HTML in
            var scores = [text.score(format.decimal(hit.score, digits: 4))]
            if let score = hit.textScore { scores.append(text.fullText(format.decimal(score, digits: 2))) }
            if let similarity = hit.similarity {
                scores.append(text.similarity(format.decimal(Double(similarity), digits: 3)))
            }
            let given: HTML =
                search.given.contains(hit.chunk.id) ? " · <strong class=\"ok\">\(text.givenToATurn)</strong>" : ""
            return """
                <li class="passage" data-chunk="\(hit.chunk.id)"><p class="meta"><strong>\
                \(hit.chunk.place)</strong> · \
                \(scores.joined(separator: " · "))\(given)</p>
                <div class="passage-text">\(hit.chunk.passage.text)</div></li>
                """
        }
        return "\(failure)<ol class=\"passages\" id=\"passages\">\(hits)</ol>"
    }

    private func list(_ documents: [KnowledgeDocument]) -> HTML {
        let (text, format) = (locale.text.knowledge, locale.format)
        guard !documents.isEmpty else { return "<p id=\"no-documents\">\(text.noDocuments)</p>" }
        let rows = documents.map { document -> HTML in
            """
            <tr id="document-\(document.id)"><td><code>\(document.source)</code></td><td>\(document.title)</td>\
            <td>\(document.chunkCount)</td><td>\(format.bytes(document.byteCount))</td>\
            <td>\(format.time(document.updatedAt))</td>
            <td><form class="inline" method="post" action="/admin/knowledge/\(document.id)/delete">\
            <input type="hidden" name="csrf" value="\(csrf)">\
            <label><input type="checkbox" name="confirm" value="yes" required> \(text.removeForGood)</label> \
            <button type="submit" class="danger">\(text.remove)</button></form></td></tr>
            """
        }
        return """
            <table id="documents"><thead><tr><th>\(text.source)</th><th>\(text.title)</th>\
            <th>\(text.passages)</th><th>\(text.size)</th><th>\(text.updated)</th><th></th></tr></thead>
            <tbody>\(rows)</tbody></table>
            """
    }
}
